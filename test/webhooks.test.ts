import { createHmac, timingSafeEqual } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiToken } from "~/server/auth/api-token.ts";
import type { DatabaseOptions } from "~/server/db/client.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { WEBHOOK_MAX_ATTEMPTS } from "~/server/domain/webhooks/deliver-webhook.ts";
import { parseEnv } from "~/server/env.ts";
import { type RunningServer, startServer } from "~/server/index.ts";
import { createTestDatabase, TEST_DB } from "./support/database.ts";
import { ADMIN, freePort, startTestServer } from "./support/server.ts";
import { startWebhookReceiver, type ReceivedWebhook } from "./support/webhook-receiver.ts";

/**
 * Outgoing webhooks against a local receiver (issue 15): the signature, retries with the same event id
 * across a server restart, disabling after the retry window, redelivery, the test event, secret
 * rotation, and the SSRF refusal. Time is moved on by making the waiting outbox job due, not by waiting.
 */
let dataDir: string;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let dbOptions: DatabaseOptions;
let server: RunningServer;
let token: string;
let inboxId: string;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;
let seq = 0;
const run = Date.now().toString(36);

async function boot(overrides: Record<string, string> = {}) {
  const port = await freePort();
  const env = parseEnv({
    NODE_ENV: "test",
    PORT: String(port),
    HOST: "127.0.0.1",
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    SEED_DEMO: "false",
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    SMTP_PORT: "0",
    SMTP_HOST: "127.0.0.1",
    SECRET_KEY: "test-secret-key-test-secret-key-0123456789",
    LOG_LEVEL: "error",
    WEBHOOK_ALLOW_PRIVATE: "true",
    REDIS_PREFIX: `sbtest-${process.pid}`,
    ...overrides,
  });
  server = await startServer({ env, database: dbOptions, ui: { mode: "none" } });
  const admin = await server.ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email } });
  token = (await createApiToken(server.ctx, admin.id, "test")).token;
}

const api = async (method: string, pathname: string, body?: unknown, bearer = token) => {
  const res = await fetch(server.url + pathname, {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
};

/** Makes every waiting webhook job due now and lets the worker run them. */
async function fastForward() {
  await server.ctx.db.outboxJob.updateMany({ where: { kind: "webhook", status: "pending" }, data: { runAt: new Date(Date.now() - 1000) } });
  await server.worker!.drain();
}

function verify(secret: string, r: ReceivedWebhook) {
  const header = String(r.headers["x-switchboard-signature"]);
  const { t, v1 } = Object.fromEntries(header.split(",").map((p) => p.split("=") as [string, string]));
  const expected = createHmac("sha256", secret).update(`${t}.${r.body}`).digest();
  return Math.abs(Date.now() / 1000 - Number(t)) < 300 && timingSafeEqual(expected, Buffer.from(v1!, "hex"));
}

const inbound = (address: string, text: string) =>
  ingestInboundMessage(server.ctx, {
    inboxId,
    message: { providerMessageId: `<wh${++seq}-${run}@example.jp>`, from: { kind: "email", address }, subject: text, text },
  });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), "switchboard-webhooks-"));
  database = await createTestDatabase();
  dbOptions = TEST_DB === "pglite" ? { kind: "pglite", dataDir: path.join(dataDir, "db") } : database.options;
  receiver = await startWebhookReceiver();
  await boot();
  inboxId = (await server.ctx.db.inbox.create({ data: { kind: "email", name: "Support", config: { address: "support@example.test" } } }))
    .id;
});
afterAll(async () => {
  await server?.close();
  await receiver?.close();
  await database?.drop();
  await rm(dataDir, { recursive: true, force: true });
});

describe("outgoing webhooks", () => {
  let endpoint: { id: string; secret: string };

  it("registers an endpoint and shows its secret only in the answer to the creation", async () => {
    const res = await api("POST", "/api/v1/webhooks", {
      url: `${receiver.url}/hooks`,
      events: ["message.created.inbound", "conversation.created", "contact.created"],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_/);
    expect(res.body.enabled).toBe(true);
    endpoint = res.body;
    const list = await api("GET", "/api/v1/webhooks");
    expect(list.body.items).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(endpoint.secret);
    expect(JSON.stringify(await api("GET", `/api/v1/webhooks/${endpoint.id}`))).not.toContain(endpoint.secret);
    expect(await server.ctx.db.webhookEndpoint.findUniqueOrThrow({ where: { id: endpoint.id } })).not.toMatchObject({
      secret: endpoint.secret,
    });
  });

  it("refuses unknown events and bodies that are not the contract", async () => {
    expect((await api("POST", "/api/v1/webhooks", { url: `${receiver.url}/x`, events: ["nope"] })).status).toBe(400);
    expect((await api("POST", "/api/v1/webhooks", { url: "ftp://example.com/", events: ["contact.created"] })).status).toBe(400);
    expect((await api("POST", "/api/v1/webhooks", { url: `${receiver.url}/x`, events: [] })).status).toBe(400);
  });

  it("signs each event, and a failed one is retried with the same event id after a restart", async () => {
    receiver.state.status = 500;
    receiver.state.reply = "receiver is down";
    await inbound(`first-${run}@example.jp`, "Where is my parcel?");
    await receiver.waitFor((r) => r.length >= 3);
    const firstRound = receiver.received.splice(0);
    expect(firstRound.map((r) => r.json.type).sort()).toEqual(["contact.created", "conversation.created", "message.created.inbound"]);
    for (const r of firstRound) expect(verify(endpoint.secret, r)).toBe(true);
    expect(verify("whsec_wrong", firstRound[0]!)).toBe(false);
    const message = firstRound.find((r) => r.json.type === "message.created.inbound")!;
    expect(message.json.data.message.text).toBe("Where is my parcel?");
    expect(message.json.id).toMatch(/^evt_/);

    const log = await api("GET", `/api/v1/webhooks/${endpoint.id}/deliveries`);
    expect(log.body.items).toHaveLength(3);
    for (const d of log.body.items) {
      expect(d).toMatchObject({
        status: "pending",
        attempts: 1,
        responseStatus: 500,
        responseSnippet: "receiver is down",
        lastError: "HTTP 500",
      });
      expect(d.latencyMs).toBeGreaterThanOrEqual(0);
      // The pending outbox job's due time: when the log says the next attempt comes.
      expect(new Date(d.nextAttemptAt).getTime()).toBeGreaterThan(Date.now());
    }
    const waiting = await server.ctx.db.outboxJob.findMany({ where: { kind: "webhook", status: "pending" } });
    expect(waiting).toHaveLength(3);
    for (const j of waiting) expect(j.runAt.getTime()).toBeGreaterThan(Date.now());

    await server.close();
    receiver.state.status = 204;
    await boot();
    await fastForward();
    await receiver.waitFor((r) => r.length >= 3);
    const secondRound = receiver.received.splice(0);
    expect(secondRound.map((r) => r.json.id).sort()).toEqual(firstRound.map((r) => r.json.id).sort());
    expect(secondRound.map((r) => r.body).sort()).toEqual(firstRound.map((r) => r.body).sort());
    for (const r of secondRound) expect(verify(endpoint.secret, r)).toBe(true);
    const after = await api("GET", `/api/v1/webhooks/${endpoint.id}/deliveries`);
    for (const d of after.body.items) expect(d).toMatchObject({ status: "succeeded", attempts: 2, responseStatus: 204 });
  });

  it("redelivers a delivery with the same event id", async () => {
    const log = await api("GET", `/api/v1/webhooks/${endpoint.id}/deliveries`);
    const delivery = log.body.items[0];
    const res = await api("POST", `/api/v1/webhooks/${endpoint.id}/deliveries/${delivery.id}/redeliver`);
    expect(res.status).toBe(202);
    await server.worker!.drain();
    await receiver.waitFor((r) => r.length >= 1);
    expect(receiver.received.splice(0).map((r) => r.json.id)).toEqual([delivery.eventId]);
    const again = await api("GET", `/api/v1/webhooks/${endpoint.id}/deliveries`);
    expect(again.body.items.find((d: { id: string }) => d.id === delivery.id)).toMatchObject({ status: "succeeded", attempts: 3 });
  });

  it("sends a test event, and signs with the new secret after a rotation", async () => {
    const rotated = await api("POST", `/api/v1/webhooks/${endpoint.id}/rotate-secret`);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    const res = await api("POST", `/api/v1/webhooks/${endpoint.id}/test`);
    expect(res.status).toBe(202);
    await server.worker!.drain();
    await receiver.waitFor((r) => r.length >= 1);
    const [test] = receiver.received.splice(0);
    expect(test!.json).toMatchObject({ id: res.body.eventId, type: "webhook.test" });
    expect(verify(rotated.body.secret, test!)).toBe(true);
    expect(verify(endpoint.secret, test!)).toBe(false);
    endpoint.secret = rotated.body.secret;
  });

  it("only sends the events an endpoint chose", async () => {
    const patched = await api("PATCH", `/api/v1/webhooks/${endpoint.id}`, { events: ["message.created.inbound"] });
    expect(patched.body.events).toEqual(["message.created.inbound"]);
    await inbound(`second-${run}@example.jp`, "Another question");
    await server.worker!.drain();
    await receiver.waitFor((r) => r.length >= 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.received.splice(0).map((r) => r.json.type)).toEqual(["message.created.inbound"]);
  });

  it("disables the endpoint after the retry window and tells the admins", async () => {
    receiver.state.status = 503;
    await inbound(`second-${run}@example.jp`, "Still waiting");
    await receiver.waitFor((r) => r.length >= 1);
    // Each step makes the next retry due; a step may find the job still settling, so go by the outcome.
    for (let i = 0; i < WEBHOOK_MAX_ATTEMPTS * 2; i++) {
      if (!(await server.ctx.db.outboxJob.count({ where: { kind: "webhook", status: { in: ["pending", "running"] } } }))) break;
      await fastForward();
    }
    const ids = new Set(receiver.received.splice(0).map((r) => r.json.id));
    expect(ids.size).toBe(1);
    const ep = await api("GET", `/api/v1/webhooks/${endpoint.id}`);
    expect(ep.body).toMatchObject({ enabled: false, disabledReason: "HTTP 503" });
    const [latest] = (await api("GET", `/api/v1/webhooks/${endpoint.id}/deliveries`)).body.items;
    expect(latest).toMatchObject({ status: "failed", attempts: WEBHOOK_MAX_ATTEMPTS });
    const notes = await server.ctx.db.notification.findMany({ where: { kind: "webhook_disabled" } });
    expect(notes).toHaveLength(1);
    expect(notes[0]!.title).toContain(receiver.url);

    // Disabled: new events are not sent; enabling again clears the stop.
    await inbound(`second-${run}@example.jp`, "Hello?");
    await server.worker!.drain();
    expect(receiver.received).toHaveLength(0);
    const enabled = await api("PATCH", `/api/v1/webhooks/${endpoint.id}`, { enabled: true });
    expect(enabled.body).toMatchObject({ enabled: true, disabledAt: null, disabledReason: null });
  });

  it("is for admins only", async () => {
    const agent = await api("POST", "/api/v1/users", {
      email: `agent-${run}@test.local`,
      name: "Agent",
      role: "agent",
      password: "agent password 123",
    });
    const agentToken = (await createApiToken(server.ctx, agent.body.id, "test")).token;
    expect((await api("GET", "/api/v1/webhooks", undefined, agentToken)).status).toBe(403);
    expect((await api("GET", `/api/v1/webhooks/${endpoint.id}/deliveries`, undefined, agentToken)).status).toBe(403);
  });

  it("deletes an endpoint with its log", async () => {
    expect((await api("DELETE", `/api/v1/webhooks/${endpoint.id}`)).status).toBe(204);
    expect((await api("GET", `/api/v1/webhooks/${endpoint.id}`)).status).toBe(404);
    expect(await server.ctx.db.webhookDelivery.count({ where: { endpointId: endpoint.id } })).toBe(0);
  });
});

describe("an event written just before a crash", () => {
  it("is delivered once by the next node, with the event id it was given once", async () => {
    receiver.state.status = 204;
    const hook = await api("POST", "/api/v1/webhooks", {
      url: `${receiver.url}/crash`,
      events: [
        "contact.created",
        "contact.updated",
        "conversation.created",
        "message.created.inbound",
        "conversation.updated",
        "conversation.resolved",
      ],
    });
    expect(hook.status).toBe(201);
    // A node that runs nothing after commit: as if it died right after each transaction committed.
    await server.close();
    await boot({ WORKERS_ENABLED: "false" });
    const { conversationId } = await inbound(`crash-${run}@example.jp`, "Did this arrive?");
    const resolved = await api("PATCH", `/api/v1/conversations/${conversationId}`, { status: "resolved", priority: "high" });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    const { contactId } = await server.ctx.db.conversation.findUniqueOrThrow({ where: { id: conversationId } });
    expect((await api("PATCH", `/api/v1/contacts/${contactId}`, { name: `Crash ${run}` })).status).toBe(200);
    // Two writes of one conversation in one transaction are one update, as the flow would announce it.
    await server.ctx.db.$transaction(async (tx) => {
      await tx.conversation.update({ where: { id: conversationId }, data: { tags: ["vip"] } });
      await tx.conversation.update({ where: { id: conversationId }, data: { priority: "low", tags: ["vip", "parcel"] } });
    });
    expect(await server.ctx.db.webhookDelivery.count({ where: { endpointId: hook.body.id } })).toBe(0);
    expect(await server.ctx.db.outboxJob.count({ where: { kind: "webhook-event", status: "pending" } })).toBe(6);
    await server.close();

    await boot();
    await server.worker!.drain();
    const types = [
      "contact.created",
      "contact.updated",
      "conversation.created",
      "conversation.resolved",
      "conversation.updated",
      "conversation.updated",
      "message.created.inbound",
    ];
    await receiver.waitFor((r) => r.filter((w) => w.path === "/crash").length >= types.length);
    // Another node start and drain finds nothing left to send.
    await server.close();
    await boot();
    await server.worker!.drain();
    const got = receiver.received.splice(0).filter((w) => w.path === "/crash");
    expect(got.map((w) => w.json.type).sort()).toEqual(types);
    expect(got.find((w) => w.json.type === "message.created.inbound")!.json.data.message.text).toBe("Did this arrive?");
    expect(got.find((w) => w.json.type === "contact.updated")!.json.data.contact).toEqual({ id: contactId, name: `Crash ${run}` });
    const updates = got.filter((w) => w.json.type === "conversation.updated").map((w) => w.json.data.changes);
    expect(updates.sort()).toEqual([
      ["status", "priority"],
      ["tags", "priority"],
    ]);
    const log = await api("GET", `/api/v1/webhooks/${hook.body.id}/deliveries`);
    expect(log.body.items.map((d: { eventId: string }) => d.eventId).sort()).toEqual(got.map((w) => w.json.id).sort());
    for (const w of got) expect(verify(hook.body.secret, w)).toBe(true);
    expect(await server.ctx.db.outboxJob.count({ where: { kind: "webhook-event", status: { not: "done" } } })).toBe(0);
  });
});

describe("webhook targets (SSRF)", () => {
  it("refuses loopback and private targets unless WEBHOOK_ALLOW_PRIVATE=true", async () => {
    const guarded = await startTestServer({ ui: false });
    try {
      const admin = await guarded.apiToken();
      for (const url of [receiver.url, "http://localhost:9/", "http://10.1.2.3/", "http://[::1]:8080/", "http://169.254.169.254/latest"]) {
        const res = await guarded.api("POST", "/api/v1/webhooks", { url, events: ["contact.created"] }, admin);
        expect(res.status, url).toBe(400);
        expect(res.body.error.message, url).toMatch(/private or loopback/);
      }
      // A row that bypassed the check (or a name that changed its answer) is still refused at delivery.
      const ep = await guarded.ctx.db.webhookEndpoint.create({
        data: { url: `${receiver.url}/ssrf`, events: ["webhook.test"], secret: guarded.ctx.secrets.seal("whsec_x") },
      });
      const sent = await guarded.api("POST", `/api/v1/webhooks/${ep.id}/test`, undefined, admin);
      expect(sent.status).toBe(202);
      await guarded.worker!.drain();
      const [delivery] = (await guarded.api("GET", `/api/v1/webhooks/${ep.id}/deliveries`, undefined, admin)).body.items;
      expect(delivery).toMatchObject({ status: "failed", responseStatus: null });
      expect(delivery.lastError).toMatch(/private or loopback/);
      expect(receiver.received.filter((r) => r.json.type === "webhook.test")).toHaveLength(0);
    } finally {
      await guarded.stop();
    }
  });
});
