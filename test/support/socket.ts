import { io, type Socket } from "socket.io-client";
import type { Ack, ClientToServerEvents, ServerToClientEvents } from "~/common/realtime-contract.ts";

/**
 * Real socket.io-client connections to a test server, plus waiting helpers that fail with a clear
 * message (which event, which socket, what arrived instead) rather than hanging until the test timeout.
 */
export type AgentSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type EventName = keyof ServerToClientEvents;
type Payload<E extends EventName> = Parameters<ServerToClientEvents[E]>[0];

const DEFAULT_TIMEOUT_MS = 10_000;

export interface ConnectOptions {
  /** `Cookie` header with a session cookie (`sb_session=…`). */
  cookie?: string;
  /** An API token, sent as `auth: { token }`. */
  token?: string;
  /** Shown in failure messages. */
  label?: string;
}

/** Opens an agent socket and resolves once connected; rejects with the server's refusal. */
export function connectAgent(url: string, opts: ConnectOptions = {}): Promise<AgentSocket & { label: string }> {
  const socket = io(url, {
    path: "/socket.io",
    transports: ["websocket"],
    forceNew: true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    ...(opts.cookie ? { extraHeaders: { cookie: opts.cookie } } : {}),
    ...(opts.token ? { auth: { token: opts.token } } : {}),
  }) as AgentSocket & { label: string };
  socket.label = opts.label ?? "socket";
  // Keep every event seen so a failing wait can say what did arrive.
  const seen: string[] = [];
  socket.onAny((event) => {
    seen.push(event);
    if (seen.length > 50) seen.shift();
  });
  (socket as unknown as { seen: string[] }).seen = seen;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`${socket.label}: not connected within ${DEFAULT_TIMEOUT_MS} ms`));
    }, DEFAULT_TIMEOUT_MS);
    // Only the first connection: a later connect_error is a reconnection attempt, which must go on.
    const refused = (err: Error) => {
      clearTimeout(timer);
      socket.close();
      reject(err);
    };
    socket.once("connect", () => {
      clearTimeout(timer);
      socket.off("connect_error", refused);
      resolve(socket);
    });
    socket.once("connect_error", refused);
  });
}

/**
 * Resolves with the next `event` whose payload passes `match`. Start waiting BEFORE causing the
 * event. Fails after `timeoutMs` naming the socket, the event and the events that did arrive.
 */
export function waitForEvent<E extends EventName>(
  socket: AgentSocket,
  event: E,
  match: (payload: Payload<E>) => boolean = () => true,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<Payload<E>> {
  const label = (socket as { label?: string }).label ?? "socket";
  return new Promise((resolve, reject) => {
    const listener = (payload: Payload<E>) => {
      if (!match(payload)) return;
      cleanup();
      resolve(payload);
    };
    const timer = setTimeout(() => {
      cleanup();
      const seen = (socket as unknown as { seen?: string[] }).seen ?? [];
      reject(new Error(`${label}: no matching "${event}" within ${timeoutMs} ms (recent events: ${seen.join(", ") || "none"})`));
    }, timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      socket.off(event, listener as never);
    };
    socket.on(event, listener as never);
  });
}

/** Every `event` payload from now on (for asserting what a socket did NOT receive). */
export function recordEvents<E extends EventName>(socket: AgentSocket, event: E): Payload<E>[] {
  const list: Payload<E>[] = [];
  socket.on(event, ((payload: Payload<E>) => list.push(payload)) as never);
  return list;
}

/** Emits a command and resolves with its ack, failing clearly when no ack comes. */
export async function emitWithAck<E extends keyof ClientToServerEvents>(
  socket: AgentSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<Ack> {
  try {
    return (await (socket.timeout(timeoutMs) as unknown as { emitWithAck(e: string, p: unknown): Promise<Ack> }).emitWithAck(
      event,
      payload,
    )) as Ack;
  } catch {
    throw new Error(`${(socket as { label?: string }).label ?? "socket"}: no ack for "${event}" within ${timeoutMs} ms`);
  }
}

/** Resolves on the next (re)connection of a socket. */
export function waitForConnect(socket: AgentSocket, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no reconnection within ${timeoutMs} ms`)), timeoutMs);
    socket.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
