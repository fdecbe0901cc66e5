import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { Server } from "socket.io";
import { io, type Socket } from "socket.io-client";
import { startTestServer, type TestServer } from "~/test/support/server.ts";
import { TEST_DB } from "~/test/support/database.ts";
import { connectVisitor, createSession, request } from "~/integrations/web-chat/testing/visitor-client.ts";
import { LIMITS } from "~/integrations/web-chat/limits.ts";
import { bounds, summarize, table, type LatencySummary } from "./stats.ts";

/**
 * Inbound chat message → agent event latency. A visitor sends through the real web chat widget
 * socket (`/visitor`, signed visitor token); an agent's socket waits for `message:created`. Between
 * the two: rate limits, the ingest transaction (identity, threading, insert), the after-commit event
 * and the Socket.IO fan-out. One message in flight at a time, so this is latency, not throughput.
 * The baseline is a bare Socket.IO server relaying one client's emit to another over loopback.
 */
export async function run() {
  const { iterations, maxMs } = bounds();
  const baseline = await rawSocketIo(iterations, maxMs);
  const server = await startTestServer({ ui: false });
  try {
    const chat = await widgetToAgent(server, iterations, maxMs);
    const rows: [string, LatencySummary][] = [
      ["raw Socket.IO relay (baseline)", baseline],
      ["visitor message:send → visitor ack", chat.ack],
      ["visitor message:send → agent message:created", chat.event],
    ];
    console.log(`chat-latency — ${TEST_DB === "postgres" ? "PostgreSQL" : "PGlite (in memory)"}, loopback, one message in flight\n`);
    console.log(
      table(
        ["path", "n", "p50 ms", "p99 ms", "mean ms"],
        rows.map(([label, s]) => [label, String(s.n), s.p50, s.p99, s.mean]),
      ),
    );
    console.log(
      `\nagent event vs baseline: p50 ×${(chat.event.p50 / baseline.p50).toFixed(1)}, p99 ×${(chat.event.p99 / baseline.p99).toFixed(1)}`,
    );
  } finally {
    await server.stop();
  }
}

async function widgetToAgent(server: TestServer, iterations: number, maxMs: number) {
  const inboxId = await server.createInbox("web_chat", "Bench chat", {});
  const agent: Socket = io(server.url, { transports: ["websocket"], forceNew: true, auth: { token: await server.apiToken() } });
  await new Promise<void>((resolve, reject) => agent.once("connect", resolve).once("connect_error", reject));
  // Arrival time is taken in the listener: the event may well arrive before the visitor's ack.
  const waiting = new Map<string, (at: number) => void>();
  agent.on("message:created", (e: { message: { text: string } }) => waiting.get(e.message.text)?.(performance.now()));

  // Each visitor may send LIMITS.messagePerVisitor messages a minute: spread the run over several.
  const perVisitor = LIMITS.messagePerVisitor.limit;
  let visitor: Awaited<ReturnType<typeof connectVisitor>> | null = null;
  const acks: number[] = [];
  const events: number[] = [];
  const warmup = 5;
  const started = performance.now();
  for (let i = 0; i < iterations + warmup && performance.now() - started < maxMs; i++) {
    if (i % perVisitor === 0) {
      visitor?.close();
      const session = await createSession(server.url, inboxId);
      visitor = await connectVisitor(server.url, inboxId, session.token);
    }
    const text = `bench message ${i} ベンチ`;
    const seen = new Promise<number>((resolve) => waiting.set(text, resolve));
    const t0 = performance.now();
    const ack = await request(visitor!, "message:send", { clientId: `bench-${i}-${Date.now()}`, text });
    const tAck = performance.now();
    if (!ack.ok) throw new Error(`visitor send refused: ${ack.error}`);
    const tEvent = await seen;
    waiting.delete(text);
    if (i < warmup) continue;
    acks.push(tAck - t0);
    events.push(tEvent - t0);
  }
  visitor?.close();
  agent.close();
  return { ack: summarize(acks), event: summarize(events) };
}

async function rawSocketIo(iterations: number, maxMs: number): Promise<LatencySummary> {
  const http = createServer();
  const relay = new Server(http);
  relay.on("connection", (socket) => {
    void socket.join("agents");
    socket.on("send", (payload: unknown) => relay.to("agents").emit("message:created", payload));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const connect = async () => {
    const s = io(url, { transports: ["websocket"], forceNew: true });
    await new Promise<void>((resolve) => s.once("connect", resolve));
    return s;
  };
  const [sender, receiver] = [await connect(), await connect()];
  const samples: number[] = [];
  const started = performance.now();
  for (let i = 0; i < iterations + 5 && performance.now() - started < maxMs; i++) {
    const text = `bench message ${i}`;
    const seen = new Promise<void>((resolve) => {
      const listener = (p: { text: string }) => {
        if (p.text !== text) return;
        receiver.off("message:created", listener);
        resolve();
      };
      receiver.on("message:created", listener);
    });
    const t0 = performance.now();
    sender.emit("send", { text });
    await seen;
    if (i >= 5) samples.push(performance.now() - t0);
  }
  sender.close();
  receiver.close();
  await new Promise<void>((resolve) => relay.close(() => resolve()));
  return summarize(samples);
}
