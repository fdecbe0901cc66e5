import { z } from "zod";
import type { Route } from "./+types/notifications";
import { requireUser } from "~/app/lib/auth.server.ts";
import { listNotifications, markNotificationsRead } from "~/app/lib/domain.server.ts";
import { actionResult } from "~/app/lib/errors.server.ts";

/** The bell's list (loader) and "mark read" (action), fetched by the top bar. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  return listNotifications(context.app, user, { limit: 20 });
}

const body = z.union([z.object({ all: z.literal("true") }), z.object({ id: z.string().min(1).max(64) })]);

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireUser(request, context);
  const parsed = body.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return { ok: false as const, intent: "read", error: "Invalid request" };
  const input = parsed.data;
  return actionResult("read", () => markNotificationsRead(context.app, user, "all" in input ? { all: true } : { ids: [input.id] }));
}
