import { performance } from "node:perf_hooks";
import { io, type Socket } from "socket.io-client";

/**
 * A child process holding many socket.io-client connections for the fanout and sockets benchmarks,
 * so the clients' work does not run on the server's event loop. Driven over IPC (see swarm.ts):
 * `connect` opens sockets (one per client: URL and auth token, `concurrency` handshakes in flight), then every
 * `event` whose marker (payload.message.text or payload.text) is new is timed per socket; once all
 * of this process's sockets got a marker, the arrival times go back to the parent in one message.
 */
export type SwarmCommand =
  | { type: "connect"; clients: { url: string; token: string | null }[]; concurrency: number; event: string }
  /** Report what arrived so far for a marker that not every socket got (counted as drops). */
  | { type: "flush"; marker: string }
  | { type: "close" };
export type SwarmReply =
  | { type: "ready" }
  | { type: "connected"; ok: number; failed: number; errors: string[] }
  | { type: "arrived"; marker: string; times: number[] }
  | { type: "closed" };

const now = () => performance.timeOrigin + performance.now();
const sockets: Socket[] = [];
const arrivals = new Map<string, number[]>();
const send = (reply: SwarmReply) => process.send!(reply);

function record(payload: unknown) {
  const p = payload as { message?: { text?: string }; text?: string };
  const marker = p?.message?.text ?? p?.text;
  if (typeof marker !== "string") return;
  const times = arrivals.get(marker) ?? [];
  times.push(now());
  arrivals.set(marker, times);
  if (times.length === sockets.length) {
    arrivals.delete(marker);
    send({ type: "arrived", marker, times });
  }
}

function connectOne(url: string, token: string | null, event: string): Promise<string | null> {
  const socket = io(url, {
    path: "/socket.io",
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    timeout: 120_000,
    ...(token ? { auth: { token } } : {}),
  });
  return new Promise((resolve) => {
    socket.once("connect", () => {
      socket.on(event, record);
      sockets.push(socket);
      resolve(null);
    });
    socket.once("connect_error", (err) => {
      socket.close();
      resolve(err.message);
    });
  });
}

async function connectAll(command: Extract<SwarmCommand, { type: "connect" }>) {
  let next = 0;
  let failed = 0;
  const errors = new Set<string>();
  const lane = async () => {
    while (next < command.clients.length) {
      const { url, token } = command.clients[next++]!;
      const error = await connectOne(url, token, command.event);
      if (error === null) continue;
      failed++;
      errors.add(error);
    }
  };
  await Promise.all(Array.from({ length: command.concurrency }, lane));
  send({ type: "connected", ok: sockets.length, failed, errors: [...errors].slice(0, 5) });
}

process.on("message", (command: SwarmCommand) => {
  if (command.type === "connect") void connectAll(command);
  if (command.type === "flush") {
    send({ type: "arrived", marker: command.marker, times: arrivals.get(command.marker) ?? [] });
    arrivals.delete(command.marker);
  }
  if (command.type === "close") {
    for (const s of sockets.splice(0)) s.close();
    send({ type: "closed" });
    setTimeout(() => process.exit(0), 50);
  }
});
process.on("disconnect", () => process.exit(0));
send({ type: "ready" });
