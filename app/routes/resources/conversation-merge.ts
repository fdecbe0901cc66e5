import { redirect } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/conversation-merge";
import { requireUser } from "~/app/lib/auth.server.ts";
import { mergeConversations, mergeInput } from "~/app/lib/merge.server.ts";
import { actionResult } from "~/app/lib/errors.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";

// view: the inbox view the agent merged from (split view); absent on the full-width page.
const form = z.object({
  ...mergeInput.shape,
  view: z
    .string()
    .regex(/^[\w-]{1,64}$/)
    .optional(),
});

/**
 * "Merge into…" from the conversation view. On success it redirects to the target, in the same
 * inbox view when merged from one; the dialog cannot navigate itself since the merged (now closed)
 * conversation's header no longer renders it once the loaders revalidate.
 */
export async function action({ request, context, params }: Route.ActionArgs) {
  const user = await requireUser(request, context);
  const parsed = form.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return Response.json({ ok: false, intent: "merge", error: "Pick the conversation to merge into" }, { status: 400 });
  const { intoId, view } = parsed.data;
  const result = await actionResult("merge", () => mergeConversations(context.app, user, params.conversationId, { intoId }));
  if ("ok" in result && result.ok) return redirect(view ? `/inbox/${view}/${intoId}` : `/conversations/${intoId}`);
  return result;
}
