import { performance } from "node:perf_hooks";
import { openDatabase } from "~/server/db/client.ts";
import { applyMigrations } from "~/server/db/migrate.ts";
import { createTestDatabase, TEST_DB } from "~/test/support/database.ts";
import { percentile, table } from "./stats.ts";

/**
 * `npm run bench -- search` (issue 11, docs/decisions/012-search.md): the search index against
 * `ILIKE '%q%'` over the same messages in the same run, the hits of both compared, the index size,
 * and single-row message inserts per second with the index trigger on and off.
 * BENCH_SEARCH_ROWS messages (default 1,000,000 on PostgreSQL, 200,000 on PGlite), seeded with bulk
 * SQL: 4,000 distinct mixed English/Japanese texts are tokenised once and their entries copied, so
 * the index holds exactly what the triggers would have written, in minutes instead of hours.
 */
const ROWS = Number(process.env.BENCH_SEARCH_ROWS ?? (TEST_DB === "postgres" ? 1_000_000 : 200_000));
const RUNS = Number(process.env.BENCH_ITERATIONS ?? 20);

const EN = [
  "Please resend the invoice for March.",
  "The export fails with a timeout since yesterday.",
  "We cannot log in with SSO after the upgrade.",
  "Could you explain the refund policy for annual plans?",
  "The dashboard shows the wrong currency.",
  "Our team needs 20 more seats on the business plan.",
  "Webhook deliveries are delayed by several minutes.",
  "Thanks, that solved the problem.",
];
const JA = [
  "返金をお願いします。",
  "請求書の宛名を変更してください。",
  "解約の手続きについて教えてください。",
  "ログインできない障害が発生しています。",
  "SSO の設定方法を確認したいです。",
  "いつもお世話になっております。",
  "先月の利用料金が二重に請求されています。",
  "担当者から折り返しご連絡いたします。",
];
const QUERIES: [string, string][] = [
  ["2-char Japanese", "返金"],
  ["2-char Japanese", "請求"],
  ["2-char Japanese", "解約"],
  ["2-char Japanese", "障害"],
  ["1-char Japanese", "宛"],
  ["longer Japanese", "利用料金が二重"],
  ["longer Japanese", "折り返しご連絡"],
  ["longer Japanese", "設定方法"],
  ["English word", "invoice"],
  ["English word", "webhook"],
  ["English word", "currency"],
  ["prefix", "dashb"],
  ["prefix", "deliver"],
  ["phrase", "wrong currency"],
  ["phrase", "refund policy"],
  ["mixed", "SSO 設定"],
  ["rare token", "ticket-0000777"],
  ["rare token", "ticket-0012345"],
];

export async function run() {
  const fresh = await createTestDatabase();
  const db = await openDatabase(fresh.options);
  try {
    await applyMigrations(db.sql);
    const t0 = performance.now();
    await seed(db.sql);
    const seedS = (performance.now() - t0) / 1000;
    const rows: (string | number)[][] = [];
    for (const [label, q] of QUERIES) rows.push(await measure(db.sql, label, q));
    rows.push(await measureCustomer(db.sql));
    const [size] = await db.sql.query<{ gin: string; tbl: string; msg: string }>(
      `SELECT pg_size_pretty(pg_relation_size('"SearchEntry_lexemes_idx"')) AS gin,
              pg_size_pretty(pg_total_relation_size('"SearchEntry"')) AS tbl,
              pg_size_pretty(pg_total_relation_size('"Message"')) AS msg`,
    );
    const ingest = await measureIngest(db.sql);
    console.log(
      `\nsearch on ${TEST_DB}, ${ROWS.toLocaleString("en")} messages (seeded in ${seedS.toFixed(0)} s), ${RUNS} runs per query\n`,
    );
    console.log(
      table(["query", "q", "hits", "same hits", "index p50 ms", "index p95 ms", "ILIKE p50 ms", "ILIKE p95 ms", "× at p95"], rows),
    );
    console.log(`\nGIN index ${size!.gin}; SearchEntry with index ${size!.tbl}; Message table ${size!.msg}`);
    console.log(
      table(
        ["single-row message INSERTs", "msgs/s"],
        [
          ["with the search trigger", ingest.on],
          ["without (trigger disabled)", ingest.off],
        ],
      ),
    );
    console.log(`ingest slowdown: ${((1 - ingest.on / ingest.off) * 100).toFixed(1)} %`);
  } finally {
    await db.close();
    await fresh.drop();
  }
}

type Sql = Awaited<ReturnType<typeof openDatabase>>["sql"];

async function seed(sql: Sql) {
  const en = `ARRAY[${EN.map((s) => `'${s}'`).join(",")}]`;
  const ja = `ARRAY[${JA.map((s) => `'${s}'`).join(",")}]`;
  // 4,000 distinct texts: two English and two Japanese sentences and a ticket reference.
  await sql.exec(`
    CREATE TABLE bench_text AS
      SELECT t AS n, (${en})[1 + t % 8] || ' ' || (${ja})[1 + (t / 8) % 8] || (${ja})[1 + (t / 64) % 8] || ' ' || (${en})[1 + (t / 512) % 8]
        || ' ticket-' || lpad(t::text, 7, '0') AS text
      FROM generate_series(0, 3999) t;
    CREATE TABLE bench_entry AS SELECT n, search_fold(text) AS body, search_lexemes(search_fold(text)) AS lexemes FROM bench_text;
    INSERT INTO "Inbox" (id, kind, name) VALUES ('binb', 'email', 'Bench');
    INSERT INTO "Contact" (id, name, "updatedAt") SELECT 'bct' || i, 'Customer ' || i, now() FROM generate_series(0, 999) i;
    INSERT INTO "Conversation" (id, "inboxId", "contactId", "replyToken", status)
      SELECT 'bcv' || i, 'binb', 'bct' || (i % 1000), 'brt' || i, (ARRAY['open','pending','resolved','closed'])[1 + i % 4]::"ConversationStatus"
      FROM generate_series(0, ${Math.ceil(ROWS / 5) - 1}) i;
    ALTER TABLE "Message" DISABLE TRIGGER "Message_search";
    INSERT INTO "Message" (id, "conversationId", "contactId", "inboxId", direction, channel, text, "createdAt")
      SELECT 'bm' || i, 'bcv' || (i / 5), 'bct' || ((i / 5) % 1000), 'binb', 'inbound', 'email', t.text, now() - i * interval '1 minute'
      FROM generate_series(0, ${ROWS - 1}) i JOIN bench_text t ON t.n = (i * 7919) % 4000;
    INSERT INTO "SearchEntry" (id, "messageId", "conversationId", kind, "createdAt", body, lexemes)
      SELECT m.id, m.id, m."conversationId", 'message', m."createdAt", e.body, e.lexemes
      FROM "Message" m JOIN bench_text t ON t.text = m.text JOIN bench_entry e ON e.n = t.n;
    ALTER TABLE "Message" ENABLE TRIGGER "Message_search";
    ANALYZE;
  `);
}

const INDEXED = `SELECT e.id FROM "SearchEntry" e WHERE e.lexemes @@ search_query($1) AND e.body LIKE search_like($1)`;
const SCAN = `SELECT m.id FROM "Message" m WHERE m.text ILIKE $1`;

async function measure(sql: Sql, label: string, q: string, extra = ""): Promise<(string | number)[]> {
  const like = `%${q}%`;
  const indexed = (await sql.query<{ id: string }>(`${INDEXED} ${extra} ORDER BY 1`, [q])).map((r) => r.id);
  const scanned = (await sql.query<{ id: string }>(`${SCAN} ${extra.replaceAll("e.", "m.")} ORDER BY 1`, [like])).map((r) => r.id);
  const same = indexed.length === scanned.length && indexed.every((id, i) => id === scanned[i]);
  const time = async (text: string, params: unknown[]) => {
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await sql.query(`${text} LIMIT 50`, params);
      samples.push(performance.now() - t);
    }
    return samples.sort((a, b) => a - b);
  };
  // LIMIT 50 like a results page; the scan has to read rows until it found 50 (or all of them).
  const a = await time(`${INDEXED} ${extra} ORDER BY e."createdAt" DESC`, [q]);
  const b = await time(`${SCAN} ${extra.replaceAll("e.", "m.")} ORDER BY m."createdAt" DESC`, [like]);
  const p95 = (s: number[]) => percentile(s, 95);
  return [label, q, indexed.length, same ? "yes" : "NO", percentile(a, 50), p95(a), percentile(b, 50), p95(b), p95(b) / p95(a)];
}

function measureCustomer(sql: Sql) {
  return measure(
    sql,
    "one customer's history",
    "請求",
    `AND e."conversationId" IN (SELECT id FROM "Conversation" WHERE "contactId" = 'bct42')`,
  );
}

async function measureIngest(sql: Sql) {
  const n = Number(process.env.BENCH_SEARCH_INSERTS ?? 2000);
  const text = `${EN[1]} ${JA[3]}${JA[0]} ${EN[4]}`;
  const insert = async (prefix: string) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      await sql.query(
        `INSERT INTO "Message" (id, "conversationId", "contactId", "inboxId", direction, channel, text) VALUES ($1, 'bcv1', 'bct1', 'binb', 'inbound', 'email', $2)`,
        [`${prefix}${i}`, `${text} ${i}`],
      );
    }
    return n / ((performance.now() - t) / 1000);
  };
  const on1 = await insert("ion");
  await sql.exec(`ALTER TABLE "Message" DISABLE TRIGGER "Message_search"`);
  const off = await insert("ioff");
  await sql.exec(`ALTER TABLE "Message" ENABLE TRIGGER "Message_search"`);
  const on2 = await insert("ion2-");
  return { on: (on1 + on2) / 2, off };
}
