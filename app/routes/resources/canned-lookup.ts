import { z } from "zod";
import type { Route } from "./+types/canned-lookup";
import { requireUser } from "~/app/lib/auth.server.ts";
import { listCannedResponses, renderCannedResponse } from "~/app/lib/domain.server.ts";
import { orThrowResponse } from "~/app/lib/errors.server.ts";

const query = z.object({
  q: z.string().max(100).default(""),
  conversationId: z.string().min(1).max(64).optional(),
  render: z.string().min(1).max(64).optional(),
});

/** Canned responses for the composer: the list (?q=), or one filled in for a conversation (?render=). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) throw new Response("Invalid query", { status: 400 });
  const { q, conversationId, render } = parsed.data;
  if (render && conversationId) {
    return { rendered: await orThrowResponse(renderCannedResponse(context.app, user, render, { conversationId })), items: [] };
  }
  const items = await listCannedResponses(context.app, user, q);
  return { rendered: null, items: items.map((c) => ({ id: c.id, shortcut: c.shortcut, title: c.title, body: c.body })) };
}
