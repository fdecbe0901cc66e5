import type { AppContext } from "~/server/context.ts";
import { type Actor, loadActor, visibleConversationWhere } from "~/server/domain/access.ts";
import type { AccessScope } from "~/server/events/bus.ts";
import { type AgentServer, type AgentSocket, type SocketData, conversationOfRoom, rooms } from "./rooms.ts";

/**
 * Socket rooms follow access (issue 17 finding 2, docs/decisions/009-socket-rooms-follow-access.md):
 * when memberships, roles, a department's restriction or a conversation's department change, every
 * node reloads the affected users from the database and makes their sockets' rooms exact; a
 * recovered session is replayed only if every room it held is still allowed.
 */

/** Rooms an actor is in by who they are, as opposed to the conversations they opened. */
export function accessRooms(actor: Actor): string[] {
  return [
    rooms.user(actor.id),
    rooms.workspace(),
    ...(actor.role === "admin" ? [rooms.admins()] : []),
    ...actor.departmentIds.map(rooms.department),
  ];
}

/** Every room a user may hold among `current`, from the database; null when the user is gone or disabled. */
async function allowedRooms(ctx: AppContext, userId: string, current: Iterable<string>) {
  const actor = await loadActor(ctx, userId);
  if (!actor) return null;
  const viewed = [...current].map(conversationOfRoom).filter((id): id is string => id !== null);
  const visible =
    viewed.length === 0
      ? []
      : await ctx.db.conversation.findMany({
          where: { AND: [{ id: { in: viewed } }, visibleConversationWhere(actor)] },
          select: { id: true },
        });
  return { actor, rooms: new Set([...accessRooms(actor), ...visible.map((c) => rooms.conversation(c.id))]) };
}

/**
 * Brings one socket of this node in line with the database: fresh actor, exact rooms. Presence
 * (viewing, typing) in a conversation room it leaves ends with the room (presence-handlers.ts).
 */
export async function syncSocketRooms(ctx: AppContext, socket: AgentSocket) {
  const allowed = await allowedRooms(ctx, socket.data.actor.id, socket.rooms);
  if (!allowed) {
    socket.disconnect(true);
    return;
  }
  socket.data.actor = allowed.actor;
  const before = new Set(socket.rooms);
  const joined = [...allowed.rooms].filter((room) => !before.has(room));
  const left = [...before].filter((room) => room !== socket.id && !allowed.rooms.has(room));
  if (joined.length === 0 && left.length === 0) return;
  for (const room of left) socket.leave(room);
  socket.join(joined);
  const leftConversationIds = left.map(conversationOfRoom).filter((id): id is string => id !== null);
  socket.emit("access:changed", { leftConversationIds });
}

/** This node's sockets that a change of access may concern. */
async function localSocketsOf(ctx: AppContext, io: AgentServer, scope: AccessScope) {
  const nsp = io.of("/");
  const affected = [...(scope.userIds ?? []).map(rooms.user), ...(scope.conversationIds ?? []).map(rooms.conversation)];
  if (scope.departmentIds?.length) {
    const viewed = [...nsp.adapter.rooms.keys()].map(conversationOfRoom).filter((id): id is string => id !== null);
    const moved = viewed.length
      ? await ctx.db.conversation.findMany({
          where: { id: { in: viewed }, departmentId: { in: scope.departmentIds } },
          select: { id: true },
        })
      : [];
    affected.push(...moved.map((c) => rooms.conversation(c.id)));
  }
  const sockets = new Map<string, AgentSocket>();
  for (const room of affected) {
    for (const id of nsp.adapter.rooms.get(room) ?? []) {
      const socket = nsp.sockets.get(id);
      if (socket) sockets.set(id, socket);
    }
  }
  return [...sockets.values()];
}

/**
 * Applies `access.changed` bus events to this node's sockets and, once a cluster adapter is in
 * place, forwards them to the other nodes (server-side emit), which apply them to theirs.
 */
export function createRoomAccess(ctx: AppContext, io: AgentServer, hooks: { changed(scope: AccessScope): void }) {
  let clustered = false;
  const apply = (scope: AccessScope) => {
    // Handshakes after this see the change at once (the handshake cache would hold the old actor).
    hooks.changed(scope);
    void localSocketsOf(ctx, io, scope)
      .then((sockets) => Promise.all(sockets.map((s) => syncSocketRooms(ctx, s))))
      .catch((err) => ctx.log.warn(`socket rooms not recomputed: ${(err as Error).message}`));
  };
  const unsubscribe = ctx.bus.subscribe((event) => {
    if (event.type !== "access.changed") return;
    if (clustered) io.serverSideEmit("access:changed", event.scope);
    apply(event.scope);
  });
  io.on("access:changed", apply);
  guardRecovery(ctx, io);
  return {
    /** Call after `io.adapter(cluster)`: forward changes to the other nodes and guard recovery there. */
    clustered() {
      clustered = true;
      guardRecovery(ctx, io);
    },
    close: unsubscribe,
  };
}

/**
 * Connection-state recovery restores a session's rooms and replays what was sent to them while the
 * socket was away, before any middleware or handler runs. So the adapter's restore itself refuses a
 * session holding a room its user may no longer hold; the client then connects afresh, with rooms
 * from the database and no replay.
 */
function guardRecovery(ctx: AppContext, io: AgentServer) {
  const adapter = io.of("/").adapter;
  const restore = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = async (pid, offset) => {
    const session = await restore(pid, offset);
    if (!session) return session;
    const userId = (session.data as Partial<SocketData> | undefined)?.actor?.id;
    const allowed = userId ? await allowedRooms(ctx, userId, session.rooms) : null;
    if (!allowed || session.rooms.some((room) => room !== session.sid && !allowed.rooms.has(room))) {
      throw new Error("access changed since the session was saved");
    }
    return session;
  };
}
