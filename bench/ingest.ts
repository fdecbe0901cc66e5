import { performance } from "node:perf_hooks";
import nodemailer from "nodemailer";
import twilio from "twilio";
import { TEST_DB } from "~/test/support/database.ts";
import { startTestServer, type TestServer } from "~/test/support/server.ts";
import { startProfile } from "./profile.ts";
import { countStatements } from "./statement-counter.ts";
import { bounds, table } from "./stats.ts";

const CONCURRENCY = 8;
const ACCOUNT_SID = `AC${"0".repeat(31)}1`;
const AUTH_TOKEN = "bench-auth-token";
const BODY = "配送状況を教えてください。注文番号は 12345 です。";

/**
 * Inbound ingest throughput, end to end: signed Twilio SMS webhooks and SMTP mails at concurrency 8,
 * each timed until every message is stored, against raw single-row INSERTs into the same database
 * at the same concurrency. Also prints the SQL statements each ingested message costs (counted at the
 * driver, so Prisma's transaction statements are included), which is where the gap comes from.
 */
export async function run() {
  const { iterations, maxMs } = bounds();
  // The SMTP listener's per-IP limit (120 mails a minute by default) would answer 451 to a benchmark.
  const server = await startTestServer({ ui: false, env: { SMTP_MESSAGES_PER_MINUTE: "0" } });
  try {
    const raw = await rawInserts(server, iterations, maxMs);
    const sms = await profiled("ingest-sms", () => smsWebhooks(server, iterations, maxMs));
    const mail = await profiled("ingest-smtp", () => smtpMails(server, iterations, maxMs));
    const rate = (r: Phase) => (r.count / r.ms) * 1000;
    console.log(`ingest — ${TEST_DB === "postgres" ? "PostgreSQL" : "PGlite (in memory)"}, concurrency ${CONCURRENCY}, loopback\n`);
    console.log(
      table(
        ["path", "messages", "seconds", "per second", "÷ raw INSERT/s", "statements/message"],
        [
          ["raw single-row INSERT (baseline)", String(raw.count), raw.ms / 1000, rate(raw), 1, raw.statements / raw.count],
          [
            "signed Twilio SMS webhook → stored",
            String(sms.count),
            sms.ms / 1000,
            rate(sms),
            rate(sms) / rate(raw),
            sms.statements / sms.count,
          ],
          ["SMTP mail → stored", String(mail.count), mail.ms / 1000, rate(mail), rate(mail) / rate(raw), mail.statements / mail.count],
        ],
      ),
    );
  } finally {
    await server.stop();
  }
}

/** One measured phase, with a CPU profile of it under BENCH_CPU_PROFILE. */
async function profiled<T>(name: string, phase: () => Promise<T>): Promise<T> {
  const profile = await startProfile(`${name}-${TEST_DB}`);
  try {
    return await phase();
  } finally {
    await profile?.stop();
  }
}

interface Phase {
  count: number;
  ms: number;
  statements: number;
}

/** Runs `task(i)` for i < n with `CONCURRENCY` in flight, stopping early once maxMs has passed. */
async function pool(n: number, maxMs: number, task: (i: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < n && performance.now() - started < maxMs) {
      await task(next++);
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return done;
}

async function rawInserts(server: TestServer, n: number, maxMs: number): Promise<Phase> {
  await server.ctx.sql.exec(
    `CREATE TABLE bench_raw (id bigserial PRIMARY KEY, body text NOT NULL, "createdAt" timestamptz NOT NULL DEFAULT now())`,
  );
  const counter = countStatements(server.db.sql);
  const started = performance.now();
  const count = await pool(n, maxMs, async () => {
    await server.ctx.sql.query(`INSERT INTO bench_raw (body) VALUES ($1)`, [BODY]);
  });
  return { count, ms: performance.now() - started, statements: counter.stop() };
}

async function smsWebhooks(server: TestServer, n: number, maxMs: number): Promise<Phase> {
  const inboxId = await server.createInbox("twilio_sms", "Bench SMS", {
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    phoneNumber: "+81 50-1234-5678",
  });
  const url = `${server.url}/webhooks/twilio/${inboxId}/sms`;
  const counter = countStatements(server.db.sql);
  const started = performance.now();
  const count = await pool(n, maxMs, async (i) => {
    // A few hundred customers writing several times each: new contacts and existing threads both occur.
    const params = {
      AccountSid: ACCOUNT_SID,
      MessageSid: `SM${String(i).padStart(32, "0")}`,
      From: `+8190${String(10_000_000 + (i % 300)).slice(-8)}`,
      To: "+815012345678",
      Body: `${BODY} (${i})`,
      NumMedia: "0",
    };
    const res = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded; charset=UTF-8",
        "x-twilio-signature": twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    if (!res.ok) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
  });
  const polls = await storedAll(server, inboxId, count, maxMs);
  return { count, ms: performance.now() - started, statements: counter.stop() - polls };
}

async function smtpMails(server: TestServer, n: number, maxMs: number): Promise<Phase> {
  const inboxId = await server.createInbox("email", "Bench mail", { address: "support@bench.example" });
  const listener = server.listeners.find((l) => "smtpPort" in l) as { smtpPort: number | null } | undefined;
  if (!listener?.smtpPort) throw new Error("The email adapter's SMTP listener is not running");
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port: listener.smtpPort,
    ignoreTLS: true,
    pool: true,
    maxConnections: CONCURRENCY,
  });
  const counter = countStatements(server.db.sql);
  const started = performance.now();
  try {
    const count = await pool(n, maxMs, async (i) => {
      await transport.sendMail({
        from: `customer${i % 300}@bench-customer.example`,
        to: "support@bench.example",
        subject: `注文について ${i}`,
        text: BODY,
        messageId: `<bench-${i}@bench-customer.example>`,
      });
    });
    const polls = await storedAll(server, inboxId, count, maxMs);
    return { count, ms: performance.now() - started, statements: counter.stop() - polls };
  } finally {
    transport.close();
  }
}

/** Waits until every message is stored; returns how many count queries that took (not ingest's cost). */
async function storedAll(server: TestServer, inboxId: string, expected: number, maxMs: number): Promise<number> {
  const started = performance.now();
  for (let polls = 1; performance.now() - started < maxMs; polls++) {
    const stored = await server.ctx.db.message.count({ where: { inboxId, direction: "inbound" } });
    if (stored >= expected) return polls;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`only part of ${expected} messages were stored within ${maxMs} ms`);
}
