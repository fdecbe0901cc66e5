import type { AppContext } from "~/server/context.ts";
import { AppError } from "~/server/lib/errors.ts";
import { conversationRef, readCommand, statusCommand, typingCommand } from "~/common/realtime-contract.ts";
import { markConversationRead } from "~/server/domain/conversations/read-state.ts";
import { setAgentStatus } from "~/server/domain/presence/set-agent-status.ts";
import type { Ack } from "~/common/realtime-contract.ts";
import type { ComposeKind } from "~/common/vocabulary.ts";
import { type AgentServer, type AgentSocket, conversationOfRoom, rooms } from "./rooms.ts";
import type { z } from "zod";

/** Client → server commands. Every handler validates input and checks access like an HTTP route. */
export function registerAgentHandlers(ctx: AppContext, io: AgentServer, socket: AgentSocket) {
  // socket.data.actor is read on each command: room-access.ts replaces it when access changes.
  const setTyping = (conversationId: string, kind: ComposeKind | null) => {
    const others = (socket.data.typing ?? []).filter((t) => t.conversationId !== conversationId);
    socket.data.typing = kind ? [...others, { conversationId, kind }] : others;
  };

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
      await socket.join(rooms.conversation(conversationId));
      await broadcastPresence(io, conversationId);
    }),
  );
  socket.on(
    "conversation:leave",
    handle(conversationRef, async ({ conversationId }) => {
      setTyping(conversationId, null);
      await socket.leave(rooms.conversation(conversationId));
      await broadcastPresence(io, conversationId);
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
      setTyping(conversationId, on ? kind : null);
      await broadcastPresence(io, conversationId);
    }),
  );
  socket.on(
    "agent:set-status",
    handle(statusCommand, async (input) => {
      const { status } = await setAgentStatus(ctx, socket.data.actor, input);
      io.to(rooms.workspace()).emit("agent:status-changed", { userId: socket.data.actor.id, status });
    }),
  );
  socket.on("disconnecting", () => {
    const viewed = [...socket.rooms].map(conversationOfRoom).filter((id): id is string => id !== null);
    // Debug only: when the whole server is closing, this races with the adapter shutting down.
    const failed = (err: unknown) => ctx.log.debug(`presence broadcast after disconnect failed: ${(err as Error).message}`);
    setImmediate(() => viewed.forEach((id) => void broadcastPresence(io, id).catch(failed)));
  });
}

/** Who views and who types in a conversation, across all nodes (fetchSockets asks every node). */
export async function broadcastPresence(io: AgentServer, conversationId: string, customer: { contactTyping?: boolean } = {}) {
  const sockets = await io.in(rooms.conversation(conversationId)).fetchSockets();
  const viewers = new Map<string, { userId: string; name: string }>();
  const typing = new Map<string, { userId: string; name: string; kind: "reply" | "note" }>();
  for (const s of sockets) {
    const a = s.data.actor;
    viewers.set(a.id, { userId: a.id, name: a.name });
    const t = (s.data.typing ?? []).find((x) => x.conversationId === conversationId);
    if (t) typing.set(a.id, { userId: a.id, name: a.name, kind: t.kind });
  }
  io.to(rooms.conversation(conversationId)).emit("presence:changed", {
    conversationId,
    viewers: [...viewers.values()],
    typing: [...typing.values()],
    ...(customer.contactTyping !== undefined ? { contactTyping: customer.contactTyping } : {}),
  });
}
