import { redirect } from "react-router";
import type { Route } from "./+types/home";
import { requireUser } from "~/app/lib/auth.server.ts";
import { countConversations } from "~/app/lib/domain.server.ts";

/** Lands on Mine, or on Unassigned while Mine is empty and conversations wait there (issue 10). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const counts = await countConversations(context.app, user);
  return redirect(counts.mine === 0 && counts.unassigned > 0 ? "/inbox/unassigned" : "/inbox/mine");
}
