import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database.ts";
import { startFakeTwilio } from "../support/fake-twilio.ts";
import { type NodeProcess, spawnNode } from "../support/node-process.ts";
import { printFigures, smsWebhooks, storedMessages } from "../support/provider-retries.ts";
import { ADMIN, freePort } from "../support/server.ts";

/**
 * Issue 17, fault 1: a node is SIGKILLed in the middle of a burst of 1,000 signed Twilio webhooks;
 * the provider retries what got no 2xx (and resends some that did) against a restarted node.
 * Every accepted MessageSid is stored exactly once: 0 lost, 0 duplicated.
 */
const PUBLIC_URL = "https://faults.switchboard.invalid";
const TOTAL = 1000;
const KILL_AFTER = 300;

describe.runIf(process.env.TEST_DB === "postgres")("fault: a node killed during a webhook burst", () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => {});
  });

  it("loses and duplicates nothing once the provider has retried", { timeout: 300_000 }, async () => {
    const database = await createTestDatabase();
    cleanup.push(database.drop);
    const dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-crash-"));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const fake = await startFakeTwilio();
    cleanup.push(fake.close);
    const start = async () => {
      const port = await freePort();
      const node = await spawnNode({
        DATABASE_URL: database.url!,
        PORT: String(port),
        HOST: "127.0.0.1",
        PUBLIC_URL,
        DATA_DIR: dataDir,
        SEED_DEMO: "false",
        ADMIN_EMAIL: ADMIN.email,
        ADMIN_PASSWORD: ADMIN.password,
        SMTP_PORT: "0",
        SECRET_KEY: "fault-test-secret-key-fault-test-secret-key",
      });
      cleanup.push(node.kill);
      return node;
    };

    let node: NodeProcess = await start();
    const token = await fetch(`${node.url}/api/v1/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ADMIN),
    }).then((r) => r.json() as Promise<{ token: string }>);
    const inbox = await fetch(`${node.url}/api/v1/inboxes`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token.token}` },
      body: JSON.stringify({
        kind: "twilio_sms",
        name: "SMS",
        config: { accountSid: fake.accountSid, authToken: fake.authToken, phoneNumber: "+815012345678", apiBaseUrl: fake.url },
      }),
    }).then((r) => r.json() as Promise<{ id: string }>);

    const webhooks = smsWebhooks({
      total: TOTAL,
      inboxId: inbox.id,
      authToken: fake.authToken,
      accountSid: fake.accountSid,
      publicUrl: PUBLIC_URL,
      target: () => node.url,
    });
    // The burst: after KILL_AFTER answers the node dies with requests in flight; what follows
    // is refused until the provider retries.
    let answered = 0;
    let killed: Promise<void> | null = null;
    const started = Date.now();
    await webhooks.send(webhooks.sids, {
      concurrency: 16,
      onAnswer: () => {
        if (++answered === KILL_AFTER) killed = node.kill();
      },
    });
    await killed;
    const burstMs = Date.now() - started;
    const acceptedBeforeKill = webhooks.accepted.size;
    const failedInBurst = TOTAL - acceptedBeforeKill;
    expect(failedInBurst).toBeGreaterThan(0);

    const restartStarted = Date.now();
    node = await start();
    const recoveryMs = Date.now() - restartStarted;
    const rounds = await webhooks.retryUntilAccepted({ duplicates: 100 });

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    cleanup.push(() => db.end());
    const { stored, lost, duplicated } = await storedMessages(
      { query: async (text, params) => (await db.query(text, params)).rows },
      inbox.id,
      webhooks.sids,
    );
    printFigures("SIGKILL during a 1,000-webhook burst, then provider retries", {
      sent: webhooks.answers.length,
      "distinct webhooks": TOTAL,
      "accepted before the kill": acceptedBeforeKill,
      "failed in the burst (retried)": failedInBurst,
      "retry rounds": rounds,
      accepted: webhooks.accepted.size,
      stored,
      duplicates: duplicated,
      lost,
      "non-2xx answers": webhooks.answers.filter((a) => a.status < 200 || a.status >= 300).length,
      "max latency": `${webhooks.maxLatencyMs()} ms`,
      "restart until listening": `${recoveryMs} ms`,
      "burst (kill included)": `${burstMs} ms`,
      "wall time": `${Date.now() - started} ms`,
    });
    expect(webhooks.accepted.size).toBe(TOTAL);
    expect({ lost, duplicated, stored }).toEqual({ lost: 0, duplicated: 0, stored: TOTAL });
  });
});
