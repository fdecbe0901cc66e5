import { afterAll, describe, expect, it } from "vitest";
import { type Cluster, redisReachable, startCluster, TEST_REDIS_URL } from "../support/cluster.ts";
import { startFakeTwilio } from "../support/fake-twilio.ts";
import { printFigures, smsWebhooks, storedMessages } from "../support/provider-retries.ts";
import { ADMIN } from "../support/server.ts";
import { type AgentSocket, connectAgent, recordEvents } from "../support/socket.ts";
import { startTcpProxy } from "../support/tcp-proxy.ts";

/**
 * Issue 17, fault 3: Redis is down for 30 s under traffic on two nodes (their Redis connections go
 * through a TCP proxy that resets them and refuses new ones; the shared Redis keeps running).
 * HTTP — webhooks, the API, sign-in with its Redis-backed limits — keeps answering 2xx without
 * hanging; realtime across nodes may lag meanwhile, and works again once Redis is back; every
 * accepted message is stored.
 */
const OUTAGE_MS = 30_000;
const postgres = process.env.TEST_DB === "postgres";
const redisUp = postgres && (await redisReachable());
if (postgres && !redisUp && process.env.CI === "true") throw new Error(`fault tests need Redis at ${TEST_REDIS_URL} (CI=true)`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(redisUp)("fault: Redis down for 30 s", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => {});
  });

  it("keeps serving HTTP and webhooks, then realtime recovers; nothing accepted is lost", { timeout: 150_000 }, async () => {
    const proxy = await startTcpProxy(Number(new URL(TEST_REDIS_URL).port || 6379), new URL(TEST_REDIS_URL).hostname);
    cleanup.push(proxy.close);
    const fake = await startFakeTwilio();
    cleanup.push(fake.close);
    const cluster: Cluster = await startCluster({ redisUrl: proxy.url(TEST_REDIS_URL) });
    cleanup.push(cluster.stop);
    const [a, b] = cluster.nodes as [Cluster["nodes"][0], Cluster["nodes"][0]];
    const inbox = await cluster.api(a, "POST", "/api/v1/inboxes", {
      kind: "twilio_sms",
      name: "SMS",
      config: { accountSid: fake.accountSid, authToken: fake.authToken, phoneNumber: "+815012345678", apiBaseUrl: fake.url },
    });
    expect(inbox.status).toBe(201);
    const sockets: AgentSocket[] = [];
    cleanup.push(async () => {
      for (const s of sockets) s.close();
    });
    for (const node of [a, b]) sockets.push(await connectAgent(node.url, { token: cluster.token, label: `agent on ${node.publicUrl}` }));
    const seen = sockets.map((s) => recordEvents(s, "message:created"));
    let turn = 0;
    const webhooks = smsWebhooks({
      total: 400,
      inboxId: inbox.body.id,
      authToken: fake.authToken,
      accountSid: fake.accountSid,
      // Alternating nodes, as a load balancer would.
      target: () => (turn++ % 2 ? b : a),
      timeoutMs: 5_000,
    });
    const seenBy = (i: number, sid: string) => seen[i]!.some((e) => e.message.text === webhooks.body(sid));
    // Before: an SMS through node A reaches the agents on both nodes.
    let sent = await webhooks.send(webhooks.sids.slice(0, 2), { concurrency: 1 });
    await expect.poll(() => [0, 1].every((i) => seenBy(i, webhooks.sids[0]!)), { timeout: 20_000 }).toBe(true);

    // The outage. Other HTTP during it: the API on both nodes and sign-in (its limits live in Redis).
    const http: { what: string; status: number; ms: number }[] = [];
    const timed = async (what: string, request: () => Promise<Response>) => {
      const started = Date.now();
      const status = await request().then(
        (r) => r.arrayBuffer().then(() => r.status),
        () => 0,
      );
      http.push({ what, status, ms: Date.now() - started });
    };
    const answeredBefore = webhooks.answers.length;
    proxy.down();
    const downAt = Date.now();
    const outage = () => Date.now() - downAt >= OUTAGE_MS;
    const otherHttp = async () => {
      while (!outage()) {
        for (const node of [a, b]) {
          await timed("GET /api/v1/conversations", () =>
            fetch(`${node.url}/api/v1/conversations`, {
              headers: { authorization: `Bearer ${cluster.token}` },
              signal: AbortSignal.timeout(5_000),
            }),
          );
          await timed("POST /api/v1/auth/token", () =>
            fetch(`${node.url}/api/v1/auth/token`, {
              method: "POST",
              headers: { "content-type": "application/json" },
              body: JSON.stringify(ADMIN),
              signal: AbortSignal.timeout(5_000),
            }),
          );
        }
        await sleep(2_000);
      }
    };
    const [during] = await Promise.all([
      webhooks.send(webhooks.sids.slice(sent, 300), { concurrency: 2, pauseMs: 250, until: outage }),
      otherHttp(),
    ]);
    sent += during;
    const webhooksDuring = webhooks.answers.slice(answeredBefore);
    proxy.up();
    const upAt = Date.now();

    // After: how long until a new SMS reaches the agents on both nodes again.
    let probe = sent;
    let recoveryMs = -1;
    while (recoveryMs < 0 && Date.now() - upAt < 60_000 && probe < webhooks.sids.length) {
      const sid = webhooks.sids[probe++]!;
      await webhooks.send([sid], { concurrency: 1 });
      const deadline = Date.now() + 3_000;
      while (Date.now() < deadline && !(seenBy(0, sid) && seenBy(1, sid))) await sleep(100);
      if (seenBy(0, sid) && seenBy(1, sid)) recoveryMs = Date.now() - upAt;
    }
    const probes = webhooks.sids.slice(sent, probe);
    const { stored, lost } = await storedMessages(a.ctx.sql, inbox.body.id, webhooks.sids.slice(0, probe));
    const accepted = webhooks.accepted.size;
    const missedLive = [0, 1].map((i) => webhooks.sids.slice(0, sent).filter((s) => !seenBy(i, s)).length);
    const maxMs = (list: { ms: number }[]) => `${Math.max(0, ...list.map((x) => x.ms))} ms`;
    printFigures("Redis down for 30 s, two nodes", {
      "webhooks sent during the outage": webhooksDuring.length,
      "their statuses": [...new Set(webhooksDuring.map((x) => x.status))].join(", "),
      "max webhook latency during it": maxMs(webhooksDuring),
      "API + sign-in requests during it": http.length,
      "their statuses ": [...new Set(http.map((x) => x.status))].join(", "),
      "max API / sign-in latency": maxMs(http),
      "events missed live (agent A, B)": missedLive.join(", "),
      "recovery (up → event on both nodes)": `${recoveryMs} ms (${probes.length} probe${probes.length === 1 ? "" : "s"})`,
      "webhooks sent": webhooks.answers.length,
      accepted,
      stored,
      lost,
    });
    expect(webhooksDuring.length).toBeGreaterThan(20);
    expect(webhooksDuring.filter((x) => x.status !== 200)).toEqual([]);
    expect(http.filter((x) => x.status !== 200 && x.status !== 201)).toEqual([]);
    expect(recoveryMs).toBeGreaterThanOrEqual(0);
    // Every webhook was accepted the first time, and every accepted one is stored.
    expect({ accepted, stored, lost }).toEqual({ accepted: probe, stored: probe, lost: 0 });
  });
});
