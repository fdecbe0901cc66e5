import type { AppContext } from "~/server/context.ts";
import type { AgentActions } from "~/integrations/core/host.ts";
import { loadActor } from "~/server/domain/access.ts";
import { findUserByEmail } from "~/server/domain/directory/find-user-by-email.ts";
import { AppError } from "~/server/lib/errors.ts";
import { addNote } from "~/server/domain/messages/add-note.ts";
import { sendReply } from "~/server/domain/messages/send-reply.ts";
import { updateConversation } from "~/server/domain/conversations/update-conversation.ts";

/** Agents acting through a channel (working from Slack) go through the same domain flows and checks. */
export function agentActions(ctx: AppContext): AgentActions {
  const actor = async (userId: string) => {
    const a = await loadActor(ctx, userId);
    if (!a) throw new AppError("unauthorized", "Unknown or disabled user");
    return a;
  };
  return {
    findUserByEmail: (email) => findUserByEmail(ctx, email),
    addNote: async (conversationId, userId, text) => addNote(ctx, await actor(userId), { conversationId, text }),
    sendReply: async (conversationId, userId, text) => sendReply(ctx, await actor(userId), { conversationId, text }),
    async assign(conversationId, assigneeId, actingUserId) {
      await updateConversation(ctx, await actor(actingUserId), conversationId, { assigneeId });
    },
    async setStatus(conversationId, status, actingUserId) {
      await updateConversation(ctx, await actor(actingUserId), conversationId, { status });
    },
    conversationUrl: (conversationId) => `${ctx.env.PUBLIC_URL}/conversations/${conversationId}`,
  };
}
