import type { Server, Socket } from "socket.io";
import type { ClientToServerEvents, ServerToClientEvents } from "~/common/realtime-contract.ts";
import type { Actor } from "~/server/domain/access.ts";
import type { AccessScope, Audience } from "~/server/events/bus.ts";

/** The agent namespace's socket types and room names, shared by the server and its handlers. */
export interface SocketData {
  actor: Actor;
}
/** Between nodes: access changed, recompute the rooms of your sockets (room-access.ts). */
export interface InterServerEvents {
  "access:changed": (scope: AccessScope) => void;
  /** A token or session was revoked on another node: drop it from the handshake cache. */
  "access:revoked": (revoked: { userId?: string; sessionId?: string }) => void;
}
export type AgentServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type AgentSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

const CONVERSATION_PREFIX = "conversation:";

/** Room names, built only through these helpers. */
export const rooms = {
  user: (userId: string) => `user:${userId}`,
  conversation: (conversationId: string) => `${CONVERSATION_PREFIX}${conversationId}`,
  /** Agents allowed to see all unrestricted conversations. */
  workspace: () => "workspace",
  /** Members (and admins) of a restricted department. */
  department: (departmentId: string) => `department:${departmentId}`,
  admins: () => "admins",
};

/** The conversation id of a conversation room's name; null for any other room. */
export function conversationOfRoom(room: string): string | null {
  return room.startsWith(CONVERSATION_PREFIX) ? room.slice(CONVERSATION_PREFIX.length) : null;
}

/** Rooms an event about a conversation may reach: restricted departments only reach members and admins. */
export function audienceRooms(audience: Audience): string[] {
  return audience.restricted && audience.departmentId ? [rooms.department(audience.departmentId), rooms.admins()] : [rooms.workspace()];
}
