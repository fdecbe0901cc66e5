import { randomBytes } from "node:crypto";
import { Worker } from "node:worker_threads";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChannelHost } from "~/server/channels/host.ts";
import { INLINE_PAYLOAD_MAX_BYTES, persistRawEvent } from "~/server/domain/inbound/persist-raw-event.ts";
import { recoverRawEvents } from "~/server/jobs/recover-raw-events.ts";
import { printFigures } from "./support/provider-retries.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

/**
 * Issue 17, finding 6: storing one 24 MB mail blocked the server for 18 s on PGlite because the raw
 * MIME went into the single-connection database. The raw payload now lives in the file store and
 * the row holds only its hash; the server keeps answering while such a mail is stored and parsed,
 * and recovery after a crash reads the payload back from wherever it is.
 */
let server: TestServer;
let smtpPort: number;
let inboxId: string;

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  smtpPort = server.smtpPort();
  inboxId = await server.createInbox("email", "Acme Support", { address: "support@acme.example" });
});
afterAll(() => server?.stop());

/** A 24 MB mail: a Japanese text part, a 22 KB HTML part and a 17.8 MB attachment (base64, so ~24 MB on the wire). */
function bigMail(attachment: Buffer) {
  const html = `<p>見積書を添付します。</p>${"<p>明細の行です。line of the quote</p>".repeat(500)}`;
  const base64 = attachment.toString("base64").replace(/.{76}/g, "$&\r\n");
  return [
    "From: Big Sender <big@customer.example>",
    "To: Acme Support <support@acme.example>",
    "Subject: 大きな見積書",
    "Message-ID: <big-24mb@customer.example>",
    "MIME-Version: 1.0",
    'Content-Type: multipart/mixed; boundary="outer"',
    "",
    "--outer",
    'Content-Type: multipart/alternative; boundary="alt"',
    "",
    "--alt",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    "見積書を添付します。よろしくお願いします。",
    "--alt",
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    html,
    "--alt--",
    "--outer",
    'Content-Type: application/octet-stream; name="quote.bin"',
    'Content-Disposition: attachment; filename="quote.bin"',
    "Content-Transfer-Encoding: base64",
    "",
    base64,
    "--outer--",
    "",
  ].join("\r\n");
}

it("stores a 24 MB mail with only a reference in the database while /healthz keeps answering", async () => {
  const attachment = randomBytes(17_800_000);
  const raw = bigMail(attachment);
  expect(Buffer.byteLength(raw)).toBeGreaterThan(24_000_000);

  const world = outsideWorld({ healthUrl: `${server.url}/healthz`, smtpPort, raw: Buffer.from(raw) });
  expect(await world.sent).toMatch(/^250/);
  const message = await waitFor(() =>
    server.ctx.db.message.findFirst({
      where: { inboxId, providerMessageId: "big-24mb@customer.example" },
      select: { id: true, text: true, attachments: { select: { size: true, sha256: true } } },
    }),
  );
  await waitFor(async () => (await server.ctx.db.inboundEvent.count({ where: { inboxId, status: "done" } })) === 1);
  const latencies = await world.stop();

  // Parsed: the text, and the attachment in the file store.
  expect(message.text).toBe("見積書を添付します。よろしくお願いします。");
  expect(message.attachments).toEqual([{ size: attachment.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
  expect((await server.ctx.storage.read(message.attachments[0]!.sha256)).equals(attachment)).toBe(true);

  // The raw event row holds a reference, not the bytes; the stored file is the mail as received.
  const [row] = await server.ctx.sql.query<{ inline: number | null; sha256: string; size: number }>(
    `SELECT octet_length(payload) AS inline, "payloadSha256" AS sha256, "payloadSize" AS size FROM "InboundEvent" WHERE "inboxId" = $1`,
    [inboxId],
  );
  expect(row!.inline).toBeNull();
  const stored = await server.ctx.storage.read(row!.sha256);
  expect(Number(row!.size)).toBe(stored.length);
  expect(stored.subarray(stored.length - Buffer.byteLength(raw)).equals(Buffer.from(raw))).toBe(true);
  // No column of the message carries megabytes either.
  const [sizes] = await server.ctx.sql.query<{ bytes: number }>(
    `SELECT coalesce(octet_length(text), 0) + coalesce(octet_length(html), 0) + octet_length(meta::text) AS bytes FROM "Message" WHERE id = $1`,
    [message.id],
  );
  expect(Number(sizes!.bytes)).toBeLessThan(64 * 1024);
  const [table] = await server.ctx.sql.query<{ bytes: number }>(`SELECT pg_total_relation_size('"InboundEvent"') AS bytes`);
  expect(Number(table!.bytes)).toBeLessThan(1024 * 1024);

  const answers = `healthz answers (ms): ${latencies.map(Math.round).join(", ")}`;
  expect(latencies.length, answers).toBeGreaterThan(3);
  expect(
    latencies.every((ms) => ms >= 0),
    answers,
  ).toBe(true);
  // Before the payload left the database the longest answer was about 18,600 ms. The figure is printed,
  // not asserted (no timing thresholds in tests: a loaded machine makes every answer slow); what caused
  // the stall — megabytes in the single-connection database — is asserted above.
  printFigures("healthz while a 24 MB mail is stored", {
    answers: latencies.length,
    "longest answer": `${Math.round(Math.max(...latencies))} ms`,
  });
}, 300_000);

describe("crash recovery with payloads in the file store", () => {
  const mail = (id: string, body: string) =>
    Buffer.from(`From: Rin <rin@customer.example>\r\nTo: support@acme.example\r\nSubject: 復旧\r\nMessage-ID: <${id}>\r\n\r\n${body}\r\n`);
  /** What a node that died right after the 250 leaves behind: a stored raw event, still pending. */
  async function acceptedThenCrashed(providerEventId: string, raw: Buffer) {
    const { id } = await persistRawEvent(server.ctx, { inboxId, providerEventId, payload: raw });
    await server.ctx.db.inboundEvent.update({ where: { id }, data: { createdAt: new Date(Date.now() - 120_000) } });
    return id;
  }
  const textOf = async (providerMessageId: string) =>
    (await server.ctx.db.message.findFirst({ where: { inboxId, providerMessageId }, select: { text: true } }))?.text;

  it("replays a large payload from the file store and a small one from its row", async () => {
    const large = mail("rec-large@customer.example", `大きい本文 ${"x".repeat(INLINE_PAYLOAD_MAX_BYTES)}`.slice(0, 70_000));
    const small = mail("rec-small@customer.example", "小さい本文");
    const largeId = await acceptedThenCrashed("rec-large", large);
    const smallId = await acceptedThenCrashed("rec-small", small);
    const rows = await server.ctx.db.inboundEvent.findMany({
      where: { id: { in: [largeId, smallId] } },
      select: { id: true, payload: true, payloadSha256: true, payloadSize: true },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(largeId)).toMatchObject({
      payload: null,
      payloadSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      payloadSize: large.length,
    });
    expect(byId.get(smallId)).toMatchObject({ payloadSha256: null, payloadSize: small.length });
    expect(Buffer.from(byId.get(smallId)!.payload!).equals(small)).toBe(true);
    expect((await server.ctx.storage.read(byId.get(largeId)!.payloadSha256!)).equals(large)).toBe(true);

    await recoverRawEvents(server.ctx, createChannelHost(server.ctx));
    expect(await textOf("rec-large@customer.example")).toMatch(/^大きい本文 x+$/);
    expect(await textOf("rec-small@customer.example")).toBe("小さい本文");
    const statuses = await server.ctx.db.inboundEvent.findMany({ where: { id: { in: [largeId, smallId] } }, select: { status: true } });
    expect(statuses.map((s) => s.status)).toEqual(["done", "done"]);
  });

  it("replays a large payload stored inline before the migration", async () => {
    const legacy = mail("rec-legacy@customer.example", `以前の行 ${"y".repeat(80_000)}`);
    const { id } = await persistRawEvent(server.ctx, { inboxId, providerEventId: "rec-legacy", payload: Buffer.from("placeholder") });
    await server.ctx.db.inboundEvent.update({
      where: { id },
      data: { payload: new Uint8Array(legacy), payloadSha256: null, payloadSize: legacy.length, createdAt: new Date(Date.now() - 120_000) },
    });
    await recoverRawEvents(server.ctx, createChannelHost(server.ctx));
    expect(await textOf("rec-legacy@customer.example")).toMatch(/^以前の行 y+$/);
  });

  it("keeps an event whose stored file is missing for another attempt, with the reason", async () => {
    const id = await acceptedThenCrashed("rec-missing", mail("rec-missing@customer.example", "z".repeat(70_000)));
    await server.ctx.db.inboundEvent.update({ where: { id }, data: { payloadSha256: "0".repeat(64) } });
    await recoverRawEvents(server.ctx, createChannelHost(server.ctx));
    expect(
      await server.ctx.db.inboundEvent.findUniqueOrThrow({ where: { id }, select: { status: true, attempts: true, lastError: true } }),
    ).toMatchObject({
      status: "failed",
      attempts: 1,
      lastError: expect.stringContaining("ENOENT"),
    });
  });
});

async function waitFor<T>(probe: () => Promise<T | null | undefined | false>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The outside world in a worker thread, so that a blocked server event loop shows up as slow answers
 * (as a load balancer's probe sees it) instead of also stopping the probe: polls /healthz every 50 ms
 * (a failed probe counts as -1) and sends the mail over SMTP like a remote MTA.
 */
function outsideWorld(data: { healthUrl: string; smtpPort: number; raw: Buffer }) {
  const worker = new Worker(
    `const { parentPort, workerData } = require("node:worker_threads");
     const nodemailer = require("nodemailer");
     const latencies = [];
     let running = true;
     parentPort.on("message", () => { running = false; });
     (async () => {
       while (running) {
         const started = performance.now();
         try {
           const res = await fetch(workerData.healthUrl, { signal: AbortSignal.timeout(30000) });
           await res.arrayBuffer();
           latencies.push(res.status === 200 ? performance.now() - started : -1);
         } catch { latencies.push(-1); }
         await new Promise((r) => setTimeout(r, 50));
       }
       parentPort.postMessage({ latencies });
     })();
     const transport = nodemailer.createTransport({ host: "127.0.0.1", port: workerData.smtpPort, secure: false, ignoreTLS: true });
     transport
       .sendMail({ envelope: { from: "big@customer.example", to: ["support@acme.example"] }, raw: Buffer.from(workerData.raw) })
       .then((info) => parentPort.postMessage({ sent: info.response }), (err) => parentPort.postMessage({ sent: String(err) }))
       .finally(() => transport.close());`,
    { eval: true, workerData: data },
  );
  const reply = <K extends "sent" | "latencies">(key: K) =>
    new Promise<K extends "sent" ? string : number[]>((resolve, reject) => {
      const onMessage = (m: Record<string, never>) => {
        if (!(key in m)) return;
        worker.off("message", onMessage);
        resolve(m[key]);
      };
      worker.on("message", onMessage);
      worker.once("error", reject);
    });
  const sent = reply("sent");
  return {
    sent,
    async stop() {
      const latencies = reply("latencies");
      worker.postMessage("stop");
      const result = await latencies;
      await worker.terminate();
      return result;
    },
  };
}
