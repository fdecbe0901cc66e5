import { afterAll, describe, expect, it } from "vitest";
import { TEST_POSTGRES_URL } from "../support/database.ts";
import { startFakeTwilio } from "../support/fake-twilio.ts";
import { printFigures, smsWebhooks, storedMessages } from "../support/provider-retries.ts";
import { startTestServer } from "../support/server.ts";
import { startTcpProxy } from "../support/tcp-proxy.ts";

/**
 * Issue 17, fault 4: PostgreSQL "restarts" for 10 s under webhook traffic (the node's connections
 * go through a TCP proxy that resets them and refuses new ones; the shared PostgreSQL keeps running
 * for the other suites). Webhooks get 503 with Retry-After, never a 500 or a hang; the node serves
 * again on its own once the database is back; after the provider's retries nothing is lost or doubled.
 */
const OUTAGE_MS = 10_000;
const TOTAL = 200;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(process.env.TEST_DB === "postgres")("fault: PostgreSQL restarted for 10 s", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => {});
  });

  it("answers 503 while it is down, recovers without a restart, and loses nothing", { timeout: 120_000 }, async () => {
    const proxy = await startTcpProxy(Number(new URL(TEST_POSTGRES_URL).port || 5432));
    cleanup.push(proxy.close);
    const fake = await startFakeTwilio();
    cleanup.push(fake.close);
    const server = await startTestServer({ ui: false, databaseUrl: (url) => proxy.url(url) });
    cleanup.push(server.stop);
    const inboxId = await server.createInbox("twilio_sms", "SMS", {
      accountSid: fake.accountSid,
      authToken: fake.authToken,
      phoneNumber: "+815012345678",
      apiBaseUrl: fake.url,
    });
    const chatInboxId = await server.createInbox("web_chat", "Website", {});
    const webhooks = smsWebhooks({
      total: TOTAL,
      inboxId,
      authToken: fake.authToken,
      accountSid: fake.accountSid,
      publicUrl: server.url,
      target: () => server.url,
      timeoutMs: 8_000,
    });

    let sent = await webhooks.send(webhooks.sids.slice(0, 40), { concurrency: 4 });
    expect(webhooks.accepted.size).toBe(40);

    // The outage: the node logs each refused request and each lost idle connection as a warning;
    // an error logged (a 500, a crashed timer) fails the test through the console guard.
    const answeredBefore = webhooks.answers.length;
    proxy.down();
    const downAt = Date.now();
    sent += await webhooks.send(webhooks.sids.slice(sent, TOTAL / 2), {
      concurrency: 2,
      pauseMs: 250,
      until: () => Date.now() - downAt >= OUTAGE_MS,
    });
    const during = webhooks.answers.slice(answeredBefore);
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(503);
    // The chat widget's page reads the inbox's opening hours: "retry later", not a logged 500.
    const widget = await fetch(`${server.url}/widget/${chatInboxId}`);
    expect(widget.status === 200 || (widget.status === 503 && widget.headers.get("retry-after") === "5")).toBe(true);
    proxy.up();
    const upAt = Date.now();

    // Back: the same process serves again; time until the first webhook is accepted.
    let recoveryMs = -1;
    const acceptedBefore = webhooks.accepted.size;
    sent += await webhooks.send(webhooks.sids.slice(sent), {
      concurrency: 4,
      onAnswer: () => {
        if (recoveryMs < 0 && webhooks.accepted.size > acceptedBefore) recoveryMs = Date.now() - upAt;
      },
    });
    await sleep(1000); // Retry-After, roughly
    const rounds = await webhooks.retryUntilAccepted({ duplicates: 20 });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    const { stored, lost, duplicated } = await storedMessages(server.ctx.sql, inboxId, webhooks.sids);
    const statuses = (list: typeof during) => [...new Set(list.map((a) => a.status))].sort().join(", ");
    printFigures("PostgreSQL down for 10 s under webhook traffic", {
      sent: webhooks.answers.length,
      "distinct webhooks": TOTAL,
      "answers during the outage": during.length,
      "their statuses": statuses(during),
      "503s": webhooks.count(503),
      "500s": webhooks.count(500),
      "no answer (hang or reset)": webhooks.count(0),
      "max latency during the outage": `${Math.max(...during.map((a) => a.ms))} ms`,
      "recovery (up → first 2xx)": `${recoveryMs} ms`,
      "retry rounds": rounds,
      accepted: webhooks.accepted.size,
      stored,
      duplicates: duplicated,
      lost,
    });
    expect(during.length).toBeGreaterThan(10);
    // Every webhook during the outage was refused quickly with 503 + Retry-After (Twilio retries those).
    expect(during.filter((a) => a.status !== 503 || !a.retryAfter)).toEqual([]);
    expect(webhooks.count(500) + webhooks.count(0)).toBe(0);
    expect(recoveryMs).toBeGreaterThanOrEqual(0);
    expect({ accepted: webhooks.accepted.size, stored, lost, duplicated }).toEqual({
      accepted: TOTAL,
      stored: TOTAL,
      lost: 0,
      duplicated: 0,
    });
  });
});
