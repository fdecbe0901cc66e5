import type { Route } from "./+types/notifications";
import { requireUser } from "~/app/lib/auth.server.ts";
import { listNotifications, markNotificationsRead } from "~/app/lib/domain.server.ts";
import { actionResult } from "~/app/lib/errors.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";

/** The bell's list (loader) and "mark read" (action), fetched by the top bar. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  return listNotifications(context.app, user, { limit: 20 });
}

/** The form sends all=true or an id; the flow's schema validates what that becomes. */
export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireUser(request, context);
  const form = await readForm(request);
  const input = form.get("all") === "true" ? { all: true } : { ids: form.getAll("id") };
  return actionResult("read", () => markNotificationsRead(context.app, user, input));
}
