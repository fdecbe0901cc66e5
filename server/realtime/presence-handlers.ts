import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleConversationWhere } from "~/server/domain/access.ts";
import { audienceOf } from "~/server/domain/conversations/serialize-conversation.ts";
import { recordAgentStatus, sweepDisconnectedAgents } from "~/server/domain/presence/agent-status.ts";
import { clearDraftsOnSend } from "~/server/domain/drafts/clear-drafts-on-send.ts";
import type { Ack, PresenceSummaryEvent } from "~/common/realtime-contract.ts";
import { type AgentServer, type AgentSocket, audienceRooms, conversationOfRoom, rooms } from "./rooms.ts";

const SWEEP_MS = 60_000;

/**
 * Presence realtime: agent status from sockets (first tab → online, last tab closed
 * → offline, across nodes via fetchSockets), `presence:summary` for list rows whenever someone
 * opens or leaves a conversation, `presence:snapshot` for a list's first paint, and `draft:changed`
 * to the conversation room. Created once per node next to the agent handlers.
 */
export function createPresenceRealtime(ctx: AppContext, io: AgentServer) {
  const watched = new WeakSet<object>();

  // The Redis adapter replaces the default one after boot, so listen on whichever is current.
  const watchAdapter = () => {
    const adapter = io.of("/").adapter;
    if (watched.has(adapter)) return;
    watched.add(adapter);
    const changed = (room: string) => {
      const conversationId = conversationOfRoom(room);
      if (conversationId)
        void publishSummary(conversationId).catch((err) => ctx.log.warn(`presence summary failed: ${(err as Error).message}`));
    };
    adapter.on("join-room", changed);
    adapter.on("leave-room", changed);
  };

  const viewersOf = async (conversationId: string) => {
    const sockets = await io.in(rooms.conversation(conversationId)).fetchSockets();
    const viewers = new Map<string, { userId: string; name: string }>();
    for (const s of sockets) viewers.set(s.data.actor.id, { userId: s.data.actor.id, name: s.data.actor.name });
    return [...viewers.values()];
  };

  const publishSummary = async (conversationId: string) => {
    const c = await ctx.db.conversation.findUnique({
      where: { id: conversationId },
      select: { departmentId: true, department: { select: { restricted: true } } },
    });
    if (!c) return;
    io.to(audienceRooms(audienceOf(c))).emit("presence:summary", { conversationId, viewers: await viewersOf(conversationId) });
  };

  const announceStatus = (userId: string, status: "online" | "offline") =>
    io.to(rooms.workspace()).emit("agent:status-changed", { userId, status });

  const unsubscribeDrafts = ctx.bus.subscribe((event) => {
    if (event.type === "draft.changed") io.to(rooms.conversation(event.draft.conversationId)).emit("draft:changed", event.draft);
  });
  const unsubscribeCleanup = clearDraftsOnSend(ctx);

  const sweep = setInterval(() => {
    const since = new Date();
    void io
      .fetchSockets()
      .then((all) => sweepDisconnectedAgents(ctx, new Set(all.map((s) => s.data.actor.id)), since))
      .then((ids) => {
        for (const id of ids) announceStatus(id, "offline");
      })
      .catch((err) => ctx.log.warn(`presence sweep failed: ${(err as Error).message}`));
  }, SWEEP_MS);
  sweep.unref();

  return {
    register(socket: AgentSocket) {
      watchAdapter();
      const actor = socket.data.actor;
      void recordAgentStatus(ctx, actor.id, "online")
        .then((changed) => changed && announceStatus(actor.id, "online"))
        .catch((err) => ctx.log.warn(`status update failed: ${(err as Error).message}`));
      socket.on("disconnect", () => {
        void io
          .in(rooms.user(actor.id))
          .fetchSockets()
          .then(async (left) => {
            if (left.length > 0) return;
            if (await recordAgentStatus(ctx, actor.id, "offline")) announceStatus(actor.id, "offline");
          })
          .catch((err) => ctx.log.warn(`status update failed: ${(err as Error).message}`));
      });
      socket.on("presence:snapshot", async (_payload: unknown, ack?: (a: Ack<{ items: PresenceSummaryEvent[] }>) => void) => {
        const reply = typeof ack === "function" ? ack : () => {};
        try {
          reply({ ok: true, data: { items: await snapshot(ctx, io, socket.data.actor) } });
        } catch (err) {
          ctx.log.warn(`presence snapshot failed: ${(err as Error).message}`);
          reply({ ok: false, error: "Something went wrong" });
        }
      });
    },
    close() {
      clearInterval(sweep);
      unsubscribeDrafts();
      unsubscribeCleanup();
    },
  };
}

/** Viewers of every conversation the actor may see that has any, across all nodes. */
async function snapshot(ctx: AppContext, io: AgentServer, actor: Actor): Promise<PresenceSummaryEvent[]> {
  const byConversation = new Map<string, Map<string, { userId: string; name: string }>>();
  for (const s of await io.fetchSockets()) {
    for (const room of s.rooms) {
      const id = conversationOfRoom(room);
      if (!id) continue;
      const viewers = byConversation.get(id) ?? new Map();
      viewers.set(s.data.actor.id, { userId: s.data.actor.id, name: s.data.actor.name });
      byConversation.set(id, viewers);
    }
  }
  if (byConversation.size === 0) return [];
  const visible = await ctx.db.conversation.findMany({
    where: { AND: [{ id: { in: [...byConversation.keys()] } }, visibleConversationWhere(actor)] },
    select: { id: true },
  });
  return visible.map((c) => ({ conversationId: c.id, viewers: [...byConversation.get(c.id)!.values()] }));
}
