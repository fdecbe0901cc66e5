import type { Route } from "./+types/nav-counts";
import { requireUser } from "~/app/lib/auth.server.ts";
import { countConversations } from "~/app/lib/domain.server.ts";

/** Nav counts alone, so a live update refreshes them without re-running every page loader. */
export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  return Response.json({ counts: await countConversations(context.app, user), at: Date.now() });
}
