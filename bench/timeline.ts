import { performance } from "node:perf_hooks";
import { encodeCursor } from "~/server/lib/cursor.ts";
import { TEST_DB } from "~/test/support/database.ts";
import { startTestServer, type TestServer } from "~/test/support/server.ts";
import { countStatements, type Statement } from "./statement-counter.ts";
import { bounds, summarize, table } from "./stats.ts";

const SIZES = (process.env.BENCH_TIMELINE_SIZES ?? "1000,20000,100000").split(",").map(Number);
const PER_CONVERSATION = 2_000;
const PAGE = 50;
const DEEP = 50_000;

/**
 * Read paths as one customer's history grows (issue 18): the customer timeline's first page and a
 * page deep down (cursor), the customer page (HTML, with nav counts and the files card) and the
 * conversation API on a 2,000-message conversation, each against the bare SQL that returns the same
 * rows, measured in the same run on the same database. Seeding is a few set-based INSERTs.
 */
export async function run() {
  const { iterations } = bounds();
  const reps = Math.max(5, Math.round(iterations / 10));
  const server = await startTestServer();
  try {
    const seed = await prepare(server);
    const cookie = await server.login();
    const token = await server.apiToken();
    const rows: (string | number)[][] = [];
    for (const size of SIZES) {
      const seedMs = await grow(server, seed, size);
      const deep = await cursorAt(server, seed.contactId, Math.min(DEEP, Math.floor(size / 2)));
      const bare = (sql: string, params: unknown[]) => () => server.ctx.sql.query(sql, params).then(() => undefined);
      const http = (path: string, headers: Record<string, string>) => async () => {
        const res = await fetch(server.url + path, { headers });
        if (!res.ok) throw new Error(`${path} answered ${res.status}`);
        await res.arrayBuffer();
      };
      const api = { authorization: `Bearer ${token}` };
      const firstSql = bare(`SELECT * FROM "Message" WHERE "contactId" = $1 ORDER BY "createdAt" DESC, id DESC LIMIT ${PAGE}`, [
        seed.contactId,
      ]);
      const paths: [string, () => Promise<void>, () => Promise<void>][] = [
        ["timeline API, first page ÷ SELECT 50", http(`/api/v1/contacts/${seed.contactId}/timeline?limit=${PAGE}`, api), firstSql],
        [
          `timeline API, page at depth ${deep.depth} ÷ keyset SELECT 50`,
          http(`/api/v1/contacts/${seed.contactId}/timeline?limit=${PAGE}&cursor=${deep.cursor}`, api),
          bare(
            `SELECT * FROM "Message" WHERE "contactId" = $1 AND "createdAt" <= $2 AND ("createdAt" < $2 OR id < $3)
             ORDER BY "createdAt" DESC, id DESC LIMIT ${PAGE}`,
            [seed.contactId, deep.at, deep.id],
          ),
        ],
        ["customer page (HTML) ÷ SELECT 50", http(`/contacts/${seed.contactId}`, { cookie, accept: "text/html" }), firstSql],
        [
          `conversation API (${Math.min(size, PER_CONVERSATION)} messages) ÷ SELECT 500`,
          http(`/api/v1/conversations/${seed.firstConversationId}`, api),
          bare(`SELECT * FROM "Message" WHERE "conversationId" = $1 ORDER BY "createdAt" DESC, id DESC LIMIT 500`, [
            seed.firstConversationId,
          ]),
        ],
      ];
      for (const [label, app, baseline] of paths) {
        const base = await measure(server, baseline, reps);
        const measured = await measure(server, app, reps);
        rows.push([
          label,
          String(size),
          measured.p50,
          base.p50,
          measured.p50 / base.p50,
          measured.statements,
          measured.executionMs,
          base.executionMs,
        ]);
      }
      console.log(`seeded ${size} messages in ${(seedMs / 1000).toFixed(1)} s`);
    }
    console.log(`\ntimeline — ${TEST_DB === "postgres" ? "PostgreSQL" : "PGlite (in memory)"}, p50 of ${reps} requests, loopback\n`);
    console.log(
      table(
        ["path ÷ baseline", "messages", "p50 ms", "baseline ms", "ratio", "statements/request", "SQL exec ms", "baseline SQL exec ms"],
        rows,
      ),
    );
  } finally {
    await server.stop();
  }
}

interface Seed {
  contactId: string;
  inboxId: string;
  firstConversationId: string;
  messages: number;
}

async function prepare(server: TestServer): Promise<Seed> {
  const inboxId = await server.createInbox("email", "Bench mail", { address: "support@bench.example" });
  const contactId = "bench-contact";
  await server.ctx.sql.query(
    `INSERT INTO "Contact" (id, name, "updatedAt") VALUES ($1, '山田 花子', now()), ('bench-others', 'Others', now())`,
    [contactId],
  );
  return { contactId, inboxId, firstConversationId: conversationId(0), messages: 0 };
}

const conversationId = (n: number) => `bench-c${String(n).padStart(4, "0")}`;

/**
 * Grows the customer's history to `size` messages: conversations of 2,000 messages, two messages per
 * timestamp (ties on createdAt, so cursors must break them by id), a file on every tenth message;
 * plus size/10 one-message conversations of other customers, mostly resolved, for the nav counts.
 */
async function grow(server: TestServer, seed: Seed, size: number): Promise<number> {
  const started = performance.now();
  const sql = server.ctx.sql;
  const from = seed.messages + 1;
  const firstConversation = Math.floor(seed.messages / PER_CONVERSATION);
  const lastConversation = Math.floor((size - 1) / PER_CONVERSATION);
  await sql.query(
    `INSERT INTO "Conversation" (id, "inboxId", "contactId", subject, status, "replyToken", "lastActivityAt", "lastCustomerMessageAt")
     SELECT 'bench-c' || lpad(g::text, 4, '0'), $1, $2, '注文 ' || g, 'open', 'bench-reply-' || g, now(), now()
     FROM generate_series($3::int, $4::int) g ON CONFLICT (id) DO NOTHING`,
    [seed.inboxId, seed.contactId, firstConversation, lastConversation],
  );
  await sql.query(
    `INSERT INTO "Message" (id, "conversationId", "contactId", "inboxId", direction, kind, channel, text, "createdAt")
     SELECT 'bench-m' || lpad(g::text, 7, '0'), 'bench-c' || lpad(((g - 1) / ${PER_CONVERSATION})::text, 4, '0'), $1, $2,
            (CASE WHEN g % 3 = 0 THEN 'outbound' ELSE 'inbound' END)::"MessageDirection", 'message', 'email',
            '配送状況を教えてください。注文番号は ' || g || ' です。', timestamp '2026-01-01' + (g / 2) * interval '1 second'
     FROM generate_series($3::int, $4::int) g`,
    [seed.contactId, seed.inboxId, from, size],
  );
  await sql.query(
    `INSERT INTO "Attachment" (id, "messageId", filename, "contentType", size, sha256, "createdAt")
     SELECT 'bench-a' || lpad(g::text, 7, '0'), 'bench-m' || lpad(g::text, 7, '0'), 'invoice-' || g || '.pdf', 'application/pdf', 1024,
            md5(g::text), timestamp '2026-01-01' + (g / 2) * interval '1 second'
     FROM generate_series($1::int, $2::int) g WHERE g % 10 = 0`,
    [from, size],
  );
  const others = Math.floor(seed.messages / 10);
  await sql.query(
    `INSERT INTO "Conversation" (id, "inboxId", "contactId", status, "replyToken", "lastActivityAt")
     SELECT 'bench-o' || g, $1, 'bench-others', (CASE WHEN g % 10 = 0 THEN 'open' ELSE 'resolved' END)::"ConversationStatus",
            'bench-other-' || g, timestamp '2025-01-01' + g * interval '1 minute'
     FROM generate_series($2::int, $3::int) g`,
    [seed.inboxId, others + 1, Math.floor(size / 10)],
  );
  await sql.query(
    `INSERT INTO "Message" (id, "conversationId", "contactId", "inboxId", direction, channel, text, "createdAt")
     SELECT 'bench-om' || g, 'bench-o' || g, 'bench-others', $1, 'inbound', 'email', 'hello', timestamp '2025-01-01' + g * interval '1 minute'
     FROM generate_series($2::int, $3::int) g`,
    [seed.inboxId, others + 1, Math.floor(size / 10)],
  );
  // Planner statistics, as autovacuum would have them (PGlite runs none).
  await sql.exec("ANALYZE");
  seed.messages = size;
  return performance.now() - started;
}

/** The cursor a client holds after reading `depth` messages of the timeline. */
async function cursorAt(server: TestServer, contactId: string, depth: number) {
  const [row] = await server.ctx.sql.query<{ createdAt: Date | string; id: string }>(
    `SELECT "createdAt", id FROM "Message" WHERE "contactId" = $1 ORDER BY "createdAt" DESC, id DESC OFFSET $2 LIMIT 1`,
    [contactId, depth - 1],
  );
  if (!row) throw new Error(`no message at depth ${depth}`);
  const at = row.createdAt instanceof Date ? row.createdAt : new Date(`${row.createdAt}Z`);
  return { depth, at: at.toISOString().replace("T", " ").replace("Z", ""), id: row.id, cursor: encodeCursor(at, row.id) };
}

/**
 * p50 in ms over `reps` calls after two warm-ups; the SQL statements one call costs, and the time
 * the database spends executing its SELECTs (the fastest of three EXPLAIN ANALYZE runs of each,
 * afterwards), which a busy machine disturbs far less than the wall clock.
 */
async function measure(server: TestServer, call: () => Promise<void>, reps: number) {
  await call();
  await call();
  const selects: Statement[] = [];
  const counter = countStatements(server.db.sql, (s) => {
    if (/^\s*SELECT/i.test(s.text)) selects.push(s);
  });
  await call();
  const statements = counter.stop();
  let executionMs = 0;
  for (const s of selects) executionMs += Math.min(...(await Promise.all([1, 2, 3].map(() => executionTime(server, s)))));
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    await call();
    samples.push(performance.now() - t);
  }
  return { p50: summarize(samples).p50, statements, executionMs };
}

async function executionTime(server: TestServer, s: Statement): Promise<number> {
  const plan = await server.ctx.sql.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, FORMAT TEXT) ${s.text}`, s.params);
  return Number(/Execution Time: ([\d.]+)/.exec(plan.map((r) => r["QUERY PLAN"]).join("\n"))?.[1] ?? Number.NaN);
}
