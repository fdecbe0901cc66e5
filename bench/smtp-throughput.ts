import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { startTestServer } from "~/test/support/server.ts";
import { TEST_DB } from "~/test/support/database.ts";
import { bounds, table } from "./stats.ts";
import type { SqlDriver } from "~/server/db/client.ts";

const CONNECTIONS = 4;
/** The reference mail: a 100 KB body (Japanese text, so multi-byte and base64/QP encoded). */
const BODY = "ベンチマークのメールです。よろしくお願いします。\n".repeat(Math.ceil(100_000 / 72)).slice(0, 100_000 / 3);

/**
 * Inbound email throughput through the email adapter's SMTP listener: N mails over a pool of SMTP
 * connections, timed until every mail was answered 250 (stored raw, before the ack) and until every
 * one became a message in the inbox (parsed, threaded, ingested). Baselines measured in the same run:
 * raw single-row INSERTs of the same 100 KB body into the same database, and a bare smtp-server that
 * reads and discards each mail, driven the same way.
 */
export async function run() {
  const { iterations, maxMs } = bounds();
  const baseline = await bareSmtp(iterations, maxMs);
  const server = await startTestServer({ ui: false });
  try {
    const inserts = await rawInserts(server.ctx.sql, iterations, maxMs);
    const inboxId = await server.createInbox("email", "Bench mail", { address: "support@bench.example" });
    const listener = server.listeners.find((l) => "smtpPort" in l) as { smtpPort: number | null } | undefined;
    if (!listener?.smtpPort) throw new Error("The email adapter's SMTP listener is not running");
    const started = performance.now();
    const accepted = await sendAll(listener.smtpPort, iterations, maxMs);
    const acceptedMs = performance.now() - started;
    let stored = 0;
    while (performance.now() - started < maxMs * 2) {
      stored = await server.ctx.db.message.count({ where: { inboxId, direction: "inbound" } });
      if (stored >= accepted) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const storedMs = performance.now() - started;
    const perSecond = (n: number, ms: number) => (n / ms) * 1000;
    console.log(
      `smtp-throughput — ${TEST_DB === "postgres" ? "PostgreSQL" : "PGlite (in memory)"}, ${CONNECTIONS} SMTP connections, loopback\n`,
    );
    console.log(
      table(
        ["path", "mails", "seconds", "mails/s"],
        [
          ["raw single-row INSERT, 100 KB (baseline)", String(inserts.count), inserts.ms / 1000, perSecond(inserts.count, inserts.ms)],
          ["bare smtp-server, discard (baseline)", String(baseline.count), baseline.ms / 1000, perSecond(baseline.count, baseline.ms)],
          ["Switchboard SMTP: 250 answered", String(accepted), acceptedMs / 1000, perSecond(accepted, acceptedMs)],
          ["Switchboard SMTP: stored as messages", String(stored), storedMs / 1000, perSecond(stored, storedMs)],
        ],
      ),
    );
    const ratio = (a: number, b: number) => `×${(a / b).toFixed(1)}`;
    console.log(`\nstored messages/s vs raw INSERT/s: ${ratio(perSecond(stored, storedMs), perSecond(inserts.count, inserts.ms))}`);
    console.log(`stored messages/s vs bare SMTP:   ${ratio(perSecond(stored, storedMs), perSecond(baseline.count, baseline.ms))}`);
  } finally {
    await server.stop();
  }
}

/** Sends up to `count` distinct mails (Japanese subject and body) and returns how many got a 250. */
async function sendAll(port: number, count: number, maxMs: number): Promise<number> {
  const transport = nodemailer.createTransport({
    host: "127.0.0.1",
    port,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: CONNECTIONS,
  });
  const started = performance.now();
  let next = 0;
  let ok = 0;
  const lane = async () => {
    while (next < count && performance.now() - started < maxMs) {
      const i = next++;
      await transport.sendMail({
        from: `"顧客 ${i}" <customer${i}@example.jp>`,
        to: "support@bench.example",
        subject: `お問い合わせ ${i}`,
        text: `メール ${i}\n${BODY}`,
        messageId: `<bench-${i}-${Date.now()}@example.jp>`,
      });
      ok++;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, lane));
  transport.close();
  return ok;
}

/** One INSERT per row, sequentially, of the same body into a scratch table of the same database. */
async function rawInserts(sql: SqlDriver, count: number, maxMs: number) {
  await sql.exec(`CREATE TABLE IF NOT EXISTS bench_raw_insert (id serial PRIMARY KEY, body text NOT NULL)`);
  const started = performance.now();
  let n = 0;
  while (n < count && performance.now() - started < maxMs) {
    await sql.query(`INSERT INTO bench_raw_insert (body) VALUES ($1)`, [BODY]);
    n++;
  }
  const ms = performance.now() - started;
  await sql.exec(`DROP TABLE bench_raw_insert`);
  return { count: n, ms };
}

async function bareSmtp(count: number, maxMs: number) {
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("end", () => callback());
      stream.resume();
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  const port = (sink.server.address() as AddressInfo).port;
  const started = performance.now();
  const sent = await sendAll(port, count, maxMs);
  const ms = performance.now() - started;
  await new Promise<void>((resolve) => sink.close(() => resolve()));
  return { count: sent, ms };
}
