import type { Route } from "./+types/send-delay";
import { requireUser } from "~/app/lib/auth.server.ts";
import { actionResultWith } from "~/app/lib/errors.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";
import { sendDelayOf, setSendDelay } from "~/app/lib/domain.server.ts";

/** The agent's undo window for sending (decision 027), read and set from the account menu. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  return Response.json({ sendDelaySeconds: await sendDelayOf(context.app, user.id) });
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireUser(request, context);
  const form = await readForm(request);
  return actionResultWith("send-delay", () => setSendDelay(context.app, user, { sendDelaySeconds: form.get("sendDelaySeconds") }));
}
