import type { AppContext } from "~/server/context.ts";
import { AppError } from "~/server/lib/errors.ts";
import { conversationRef, readCommand, statusCommand, typingCommand } from "~/common/realtime-contract.ts";
import { markConversationRead } from "~/server/domain/conversations/read-state.ts";
import { setAgentStatus } from "~/server/domain/presence/set-agent-status.ts";
import type { Ack } from "~/common/realtime-contract.ts";
import type { PresenceRealtime } from "./presence-handlers.ts";
import { type AgentSocket, rooms } from "./rooms.ts";
import type { z } from "zod";

/** Client → server commands. Every handler validates input and checks access like an HTTP route. */
export function registerAgentHandlers(ctx: AppContext, presence: PresenceRealtime, socket: AgentSocket) {
  // socket.data.actor is read on each command: room-access.ts replaces it when access changes.

  const handle =
    <S extends z.ZodTypeAny>(schema: S, fn: (input: z.infer<S>) => Promise<void>) =>
    async (payload: unknown, ack?: (a: Ack) => void) => {
      const reply = typeof ack === "function" ? ack : () => {};
      const parsed = schema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: "Invalid payload" });
      try {
        await fn(parsed.data);
        reply({ ok: true, data: undefined });
      } catch (err) {
        if (!(err instanceof AppError)) ctx.log.error(`socket handler failed: ${(err as Error).stack ?? err}`);
        reply({ ok: false, error: err instanceof AppError ? err.message : "Something went wrong" });
      }
    };

  socket.on(
    "conversation:join",
    handle(conversationRef, async ({ conversationId }) => {
      await markConversationRead(ctx, socket.data.actor, conversationId);
      await presence.join(socket, conversationId);
    }),
  );
  socket.on(
    "conversation:leave",
    // Presence follows the room (presence-handlers.ts watches leaving it).
    handle(conversationRef, async ({ conversationId }) => {
      await socket.leave(rooms.conversation(conversationId));
    }),
  );
  socket.on(
    "conversation:read",
    handle(readCommand, ({ conversationId }) => markConversationRead(ctx, socket.data.actor, conversationId)),
  );
  socket.on(
    "typing:set",
    handle(typingCommand, async ({ conversationId, kind, typing: on }) => {
      if (!socket.rooms.has(rooms.conversation(conversationId))) throw new AppError("forbidden", "Join the conversation first");
      await presence.typing(socket, conversationId, on ? kind : null);
    }),
  );
  socket.on(
    "agent:set-status",
    handle(statusCommand, async (input) => {
      const { status } = await setAgentStatus(ctx, socket.data.actor, input);
      presence.statuses.announce([{ userId: socket.data.actor.id, status }]);
    }),
  );
}
