import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import type { AppContext } from "~/server/context.ts";
import { originRejection } from "~/server/auth/origin-check.ts";
import { registerAgentHandlers } from "./agent-handlers.ts";
import { createHandshakeAuth } from "./handshake-auth.ts";
import { createPresenceRealtime } from "./presence-handlers.ts";
import { memoryPresenceStore, type PresenceStore } from "./presence-store.ts";
import { type AgentServer, audienceRooms, rooms } from "./rooms.ts";
import { accessRooms, createRoomAccess, syncSocketRooms } from "./room-access.ts";

/**
 * Socket.IO on the same HTTP server. Agents authenticate with the session cookie or an API token
 * (`auth: { token }`). Domain events (published after commit) fan out to rooms; with Redis the
 * streams adapter carries them to every node and keeps connection-state recovery working.
 */
export function createRealtimeServer(ctx: AppContext, http: HttpServer, store: PresenceStore = memoryPresenceStore()) {
  const io: AgentServer = new Server(http, {
    path: "/socket.io",
    serveClient: false,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
    cors: { origin: false },
  });

  const handshakeAuth = createHandshakeAuth(ctx);
  io.use(async (socket, next) => {
    try {
      const token = typeof socket.handshake.auth?.token === "string" ? socket.handshake.auth.token : undefined;
      // A cross-site page could open a WebSocket (or a CORS poll) that carries the agent's cookie.
      // Browsers always send Origin on those; a same-origin polling GET may omit it, and that is fine.
      const { origin, host, cookie } = socket.handshake.headers;
      const refused =
        origin !== undefined &&
        originRejection(ctx.env, {
          method: "POST",
          path: "/socket.io/",
          headers: { origin, host, cookie, authorization: token ? "Bearer handshake" : undefined },
        });
      if (refused) return next(new Error("forbidden"));
      const actor = await handshakeAuth.authenticate({ cookieHeader: cookie, token });
      if (!actor) return next(new Error("unauthorized"));
      socket.data.actor = actor;
      next();
    } catch (err) {
      ctx.log.warn(`socket auth failed: ${(err as Error).message}`);
      next(new Error("unavailable"));
    }
  });

  // Revocations reach the handshake caches of every node at once (decision 030): forwarded over the
  // cluster adapter and published again on the receiving node's bus, marked remote.
  let clustered = false;
  const unsubscribeRevoked = ctx.bus.subscribe((event) => {
    if (event.type !== "access.revoked" || event.remote || !clustered) return;
    io.serverSideEmit("access:revoked", { userId: event.userId, sessionId: event.sessionId });
  });
  io.on("access:revoked", ({ userId, sessionId }) => ctx.bus.publish({ type: "access.revoked", userId, sessionId, remote: true }));

  const presence = createPresenceRealtime(ctx, io, store);
  const access = createRoomAccess(ctx, io, {
    // A conversation moving changes no one's memberships; a department's members or restriction may.
    changed: (scope) => {
      if (scope.departmentIds?.length) handshakeAuth.forget();
      else if (scope.userIds?.length) handshakeAuth.forget(scope.userIds);
    },
  });
  io.on("connection", (socket) => {
    socket.join(accessRooms(socket.data.actor));
    // Restored rooms passed the recovery guard; recompute them anyway from the database (decision 009).
    if (socket.recovered)
      void syncSocketRooms(ctx, socket).catch((err) => ctx.log.warn(`socket rooms not recomputed: ${(err as Error).message}`));
    registerAgentHandlers(ctx, presence, socket);
    presence.register(socket);
  });

  const unsubscribe = ctx.bus.subscribe((event) => {
    switch (event.type) {
      case "message.created": {
        const { conversationId, contactId, message, conversation, changes } = event;
        io.to(audienceRooms(event.audience)).emit("message:created", { conversationId, contactId, message, conversation, changes });
        break;
      }
      case "message.updated":
        io.to(audienceRooms(event.audience)).emit("message:updated", {
          conversationId: event.conversationId,
          contactId: event.contactId,
          message: event.message,
        });
        break;
      case "message.removed":
        io.to(audienceRooms(event.audience)).emit("message:removed", {
          conversationId: event.conversationId,
          contactId: event.contactId,
          messageId: event.messageId,
        });
        break;
      case "conversation.updated":
        io.to(audienceRooms(event.audience)).emit("conversation:updated", {
          conversation: event.conversation,
          changes: event.changes,
        });
        break;
      case "contact.typing":
        // Only agents who joined the conversation's room (visibility checked on join) see it.
        void presence
          .broadcast(event.conversationId, { contactTyping: event.typing })
          .catch((err) => ctx.log.warn(`typing broadcast failed: ${(err as Error).message}`));
        break;
      case "notification.created":
        io.to(rooms.user(event.userId)).emit("notification:created", event.notification);
        break;
    }
  });

  return {
    io,
    /** Installs a cluster adapter (Redis): access changes then reach the sockets of every node. */
    installAdapter(adapter: Parameters<AgentServer["adapter"]>[0] & {}) {
      io.adapter(adapter);
      access.clustered();
      clustered = true;
    },
    async close() {
      unsubscribe();
      unsubscribeRevoked();
      access.close();
      handshakeAuth.close();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await presence.close();
      await store.close();
    },
  };
}
