import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleConversationWhere } from "~/server/domain/access.ts";
import { audienceOf } from "~/server/domain/conversations/serialize-conversation.ts";
import { sweepDisconnectedAgents } from "~/server/domain/presence/agent-status.ts";
import { clearDraftsOnSend } from "~/server/domain/drafts/clear-drafts-on-send.ts";
import type { Ack, PresenceSummaryEvent } from "~/common/realtime-contract.ts";
import type { ComposeKind } from "~/common/vocabulary.ts";
import { type PresenceStore, summarizeEntries } from "./presence-store.ts";
import { type AgentServer, type AgentSocket, audienceRooms, conversationOfRoom, rooms } from "./rooms.ts";
import { createStatusWriter } from "./status-writer.ts";

const SWEEP_MS = 60_000;

export type PresenceRealtime = ReturnType<typeof createPresenceRealtime>;

/**
 * Presence realtime, read from the presence store (never by scanning sockets, issue 18): who views
 * and types in a conversation (`presence:changed` to its room), `presence:summary` for list rows
 * whenever someone opens or leaves one, `presence:snapshot` for a list's first paint, agent status
 * (first socket → online, last one gone → offline, written and announced in batches) and
 * `draft:changed` to the conversation room. Created once per node next to the agent handlers.
 */
export function createPresenceRealtime(ctx: AppContext, io: AgentServer, store: PresenceStore) {
  const watched = new WeakSet<object>();
  const statuses = createStatusWriter(ctx, io, store);
  const warn = (what: string) => (err: unknown) => ctx.log.warn(`${what} failed: ${(err as Error).message}`);

  const broadcast = async (conversationId: string, customer: { contactTyping?: boolean } = {}) => {
    const { viewers, typing } = summarizeEntries(await store.entries(conversationId));
    io.to(rooms.conversation(conversationId)).emit("presence:changed", {
      conversationId,
      viewers,
      typing,
      ...(customer.contactTyping !== undefined ? { contactTyping: customer.contactTyping } : {}),
    });
  };

  const publishSummary = async (conversationId: string) => {
    // One statement (Prisma's nested select sends two): every switch publishes the room it leaves and the one it joins.
    const [row] = await ctx.db.$queryRaw<{ departmentId: string | null; restricted: boolean | null }[]>`
      SELECT c."departmentId", d.restricted FROM "Conversation" c LEFT JOIN "Department" d ON d.id = c."departmentId"
      WHERE c.id = ${conversationId}`;
    if (!row) return;
    const c = { departmentId: row.departmentId, department: row.departmentId ? { restricted: row.restricted ?? false } : null };
    const { viewers } = summarizeEntries(await store.entries(conversationId));
    io.to(audienceRooms(audienceOf(c))).emit("presence:summary", { conversationId, viewers });
  };

  const view = async (socket: AgentSocket, conversationId: string) => {
    const { id, name } = socket.data.actor;
    await store.set(conversationId, socket.id, { userId: id, name });
    await Promise.all([broadcast(conversationId), publishSummary(conversationId)]);
  };

  // Leaving a conversation room, however it happens (leave command, disconnect, a visibility change
  // removing the socket), ends its presence there. The Redis adapter replaces the default one after
  // boot, so listen on whichever is current; its events fire on the node that holds the socket.
  const watchAdapter = () => {
    const adapter = io.of("/").adapter;
    if (watched.has(adapter)) return;
    watched.add(adapter);
    adapter.on("leave-room", (room: string, socketId: string) => {
      const conversationId = conversationOfRoom(room);
      if (!conversationId) return;
      void store
        .remove(conversationId, socketId)
        .then(() => Promise.all([broadcast(conversationId), publishSummary(conversationId)]))
        .catch(warn("presence update"));
    });
  };

  const unsubscribeDrafts = ctx.bus.subscribe((event) => {
    if (event.type === "draft.changed") io.to(rooms.conversation(event.draft.conversationId)).emit("draft:changed", event.draft);
  });
  const unsubscribeCleanup = clearDraftsOnSend(ctx);

  const sweep = setInterval(() => {
    const since = new Date();
    void store
      .connectedUsers()
      .then((connected) => sweepDisconnectedAgents(ctx, connected, since))
      .then((ids) => statuses.announce(ids.map((userId) => ({ userId, status: "offline" as const }))))
      .catch(warn("presence sweep"));
  }, SWEEP_MS);
  sweep.unref();

  return {
    broadcast,
    statuses,
    /** The socket views the conversation (visibility was checked by the caller). */
    async join(socket: AgentSocket, conversationId: string) {
      await socket.join(rooms.conversation(conversationId));
      await view(socket, conversationId);
    },
    async typing(socket: AgentSocket, conversationId: string, kind: ComposeKind | null) {
      const { id, name } = socket.data.actor;
      await store.set(conversationId, socket.id, { userId: id, name, ...(kind ? { typing: kind } : {}) });
      await broadcast(conversationId);
    },
    register(socket: AgentSocket) {
      watchAdapter();
      const actor = socket.data.actor;
      void store
        .connect(actor.id, socket.id)
        .then(() => statuses.queue(actor.id, "online"))
        .catch(warn("status update"));
      // Connection-state recovery put the socket back into its rooms: it views those again.
      if (socket.recovered)
        for (const room of socket.rooms) {
          const conversationId = conversationOfRoom(room);
          if (conversationId) void view(socket, conversationId).catch(warn("presence update"));
        }
      socket.on("disconnect", () => {
        void store
          .disconnect(actor.id, socket.id)
          .then((last) => last && statuses.queue(actor.id, "offline"))
          .catch(warn("status update"));
      });
      socket.on("presence:snapshot", async (_payload: unknown, ack?: (a: Ack<{ items: PresenceSummaryEvent[] }>) => void) => {
        const reply = typeof ack === "function" ? ack : () => {};
        try {
          reply({ ok: true, data: { items: await snapshot(ctx, store, socket.data.actor) } });
        } catch (err) {
          warn("presence snapshot")(err);
          reply({ ok: false, error: "Something went wrong" });
        }
      });
    },
    async close() {
      clearInterval(sweep);
      unsubscribeDrafts();
      unsubscribeCleanup();
      await statuses.close();
    },
  };
}

/** Viewers of every conversation the actor may see that has any, on any node. */
async function snapshot(ctx: AppContext, store: PresenceStore, actor: Actor): Promise<PresenceSummaryEvent[]> {
  const viewed = await store.viewed();
  if (viewed.size === 0) return [];
  const visible = await ctx.db.conversation.findMany({
    where: { AND: [{ id: { in: [...viewed.keys()] } }, visibleConversationWhere(actor)] },
    select: { id: true },
  });
  return visible.map((c) => ({ conversationId: c.id, viewers: summarizeEntries(viewed.get(c.id)!).viewers }));
}
