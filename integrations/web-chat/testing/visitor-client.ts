import { io, type Socket } from "socket.io-client";
import type { WidgetMessage } from "~/integrations/web-chat/messages.ts";
import type { VisitorAck } from "~/integrations/web-chat/socket.ts";

/**
 * A web chat visitor as the widget page behaves, for tests: a session over HTTP (with the widget's
 * Origin) and a real socket.io-client connection to `/visitor`.
 */
export type VisitorSocket = Socket & { received: WidgetMessage[] };

export interface VisitorSession {
  token: string;
  visitorId: string;
  resumed: boolean;
}

export async function createSession(url: string, inboxId: string, token?: string, origin = url): Promise<VisitorSession> {
  const res = await fetch(`${url}/widget/${inboxId}/session`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify(token ? { token } : {}),
  });
  if (!res.ok) throw new Error(`session failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as VisitorSession;
}

/** Connects and resolves once connected; rejects with the server's refusal (e.g. "unauthorized"). */
export function connectVisitor(url: string, inboxId: string, token: string, opts: { origin?: string; ackReplies?: boolean } = {}) {
  const socket = io(`${url}/visitor`, {
    path: "/socket.io",
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    auth: { inboxId, token },
    extraHeaders: { origin: opts.origin ?? url },
  }) as VisitorSocket;
  socket.received = [];
  socket.on("message:created", (m: WidgetMessage, ack?: () => void) => {
    socket.received.push(m);
    // The widget acknowledges what it showed; a test may leave that out to see "sent" instead of "delivered".
    if (opts.ackReplies !== false && typeof ack === "function") ack();
  });
  return new Promise<VisitorSocket>((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (err) => {
      socket.close();
      reject(err);
    });
  });
}

export async function request<T>(socket: Socket, event: string, payload: unknown): Promise<VisitorAck<T>> {
  return (await socket.timeout(10_000).emitWithAck(event, payload)) as VisitorAck<T>;
}

/** Resolves with the next message:created matching `match` (start waiting before causing it). */
export function nextMessage(socket: VisitorSocket, match: (m: WidgetMessage) => boolean = () => true, timeoutMs = 10_000) {
  return new Promise<WidgetMessage>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off("message:created", listener);
      reject(new Error(`visitor: no matching message:created within ${timeoutMs} ms (got ${socket.received.length})`));
    }, timeoutMs);
    const listener = (m: WidgetMessage) => {
      if (!match(m)) return;
      clearTimeout(timer);
      socket.off("message:created", listener);
      resolve(m);
    };
    socket.on("message:created", listener);
  });
}
