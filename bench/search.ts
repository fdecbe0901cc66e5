import { readFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { openDatabase } from "~/server/db/client.ts";
import { applyMigrations } from "~/server/db/migrate.ts";
import type { Actor } from "~/server/domain/access.ts";
import { postgresSearchIndex } from "~/server/domain/search/postgres-search-index.ts";
import type { SearchFilters } from "~/server/domain/search/search-index.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { createTestDatabase, TEST_DB } from "~/test/support/database.ts";
import { startTestServer } from "~/test/support/server.ts";
import { vocabulary } from "./search-corpus.ts";
import { percentile, table } from "./stats.ts";

/**
 * `npm run bench -- search` (issue 11, docs/decisions/012-search.md). BENCH_SEARCH_ROWS messages
 * (default 1,000,000 on PostgreSQL, 200,000 on PGlite) of generated mixed English/Japanese support
 * text with a Zipf-like spread of words (search-corpus.ts), each tokenised as the trigger would.
 * For each query: the hits of the index and of `ILIKE '%q%'` over the messages, compared row by row;
 * p50/p95 of the product's query (SearchIndex.search, a page of 20, newest first, as an agent,
 * with the visibility rule) next to the ILIKE scan for the same page; then the index size, the
 * tokeniser's cost per message before/after decision 012's rewrite, and single-row inserts per
 * second with the trigger on and off, all in the same run.
 */
const ROWS = Number(process.env.BENCH_SEARCH_ROWS ?? (TEST_DB === "postgres" ? 1_000_000 : 200_000));
const RUNS = Number(process.env.BENCH_ITERATIONS ?? 20);
const PAGE = 20;
const CUSTOMERS = 2000;

/** `scan` / `entries`: the same filter as SQL on Message m / SearchEntry e, for the row-by-row check. */
type Query = { label: string; q: string; filters?: SearchFilters; scan?: string; entries?: string };
const QUERIES: Query[] = [
  { label: "2-char Japanese", q: "返金" },
  { label: "2-char Japanese", q: "解約" },
  { label: "2-char Japanese", q: "返品" },
  { label: "2-char Japanese", q: "障害" },
  { label: "1-char Japanese", q: "宛" },
  { label: "longer Japanese", q: "文字化け" },
  { label: "longer Japanese", q: "再発行" },
  { label: "longer Japanese", q: "メンテナンス" },
  { label: "English word", q: "invoice" },
  { label: "English word", q: "receipt" },
  { label: "prefix", q: "certif" },
  { label: "prefix", q: "backu" },
  { label: "phrase", q: "password reset" },
  { label: "phrase", q: "refund request" },
  { label: "mixed", q: "api 連携" },
  { label: "product name", q: "kumo dock" },
  { label: "person's name", q: "tanaka" },
  { label: "broad (most messages)", q: "お願い" },
  { label: "broad (most messages)", q: "please" },
  {
    label: "filtered (status open)",
    q: "請求",
    filters: { status: "open" },
    scan: `AND EXISTS (SELECT 1 FROM "Conversation" c WHERE c.id = m."conversationId" AND c.status = 'open')`,
    entries: `AND EXISTS (SELECT 1 FROM "Conversation" c WHERE c.id = e."conversationId" AND c.status = 'open')`,
  },
  {
    label: "one customer's history",
    q: "お願い",
    filters: { contactId: "bct42" },
    scan: `AND m."contactId" = 'bct42'`,
    entries: `AND EXISTS (SELECT 1 FROM "Conversation" c WHERE c.id = e."conversationId" AND c."contactId" = 'bct42')`,
  },
];

const AGENT: Actor = { id: "bench-agent", email: "agent@bench.local", name: "Agent", role: "agent", locale: "en", departmentIds: [] };

export async function run() {
  // BENCH_SEARCH_DB: a database an earlier BENCH_SEARCH_SEED_ONLY run kept (its URL), queried again without seeding.
  const reuse = process.env.BENCH_SEARCH_DB;
  const fresh = reuse
    ? { options: { kind: "postgres" as const, url: reuse, poolSize: 5 }, url: reuse, drop: async () => {} }
    : await createTestDatabase();
  let keep = Boolean(reuse);
  const db = await openDatabase(fresh.options);
  try {
    await applyMigrations(db.sql);
    const t0 = performance.now();
    const orderNumber = reuse ? await orderNumberOf(db.sql) : await seed(db.sql);
    const seedS = (performance.now() - t0) / 1000;
    if (process.env.BENCH_SEARCH_SEED_ONLY) {
      // For EXPLAIN (ANALYZE, BUFFERS) by hand: the seeded database stays.
      console.log(`seeded ${ROWS} messages in ${seedS.toFixed(0)} s; kept: ${fresh.url ?? "(PGlite, in memory: nothing kept)"}`);
      keep = fresh.url !== undefined;
      return;
    }
    const queries = [...QUERIES, { label: "order number (rare)", q: orderNumber }];
    const rows: (string | number)[][] = [];
    for (const query of queries) rows.push(await measure(db, query));
    const [size] = await db.sql.query<{ gin: string; tbl: string; msg: string }>(
      `SELECT pg_size_pretty(pg_relation_size('"SearchEntry_lexemes_idx"')) AS gin,
              pg_size_pretty(pg_total_relation_size('"SearchEntry"')) AS tbl,
              pg_size_pretty(pg_total_relation_size('"Message"')) AS msg`,
    );
    const tokeniser = await measureTokeniser(db.sql);
    const skipIngest = Boolean(process.env.BENCH_SEARCH_SKIP_INGEST);
    const ingest = skipIngest ? { on: 0, off: 0 } : await measureIngest(db.sql);
    const flow = skipIngest ? { on: 0, off: 0 } : await measureIngestFlow(db.sql, fresh.url);
    const [avg] = await db.sql.query<{ len: number }>(`SELECT avg(length(text))::int AS len FROM bench_text`);
    console.log(
      `\nsearch on ${TEST_DB}, ${ROWS.toLocaleString("en")} messages of ${avg!.len} characters on average (seeded in ${seedS.toFixed(0)} s), ${RUNS} runs per query, pages of ${PAGE}\n`,
    );
    console.log(
      table(
        ["query", "q", "hits", "% rows", "same hits", "index p50 ms", "index p95 ms", "ILIKE p50 ms", "ILIKE p95 ms", "× at p95"],
        rows,
      ),
    );
    console.log(`\nGIN index ${size!.gin}; SearchEntry with index ${size!.tbl}; Message table ${size!.msg}`);
    console.log(
      table(
        ["tokenising one message (search_lexemes)", "ms/msg"],
        [
          ["before (regexp_matches, DISTINCT)", tokeniser.before],
          ["now (regexp_split_to_table)", tokeniser.now],
        ],
      ),
    );
    console.log(
      table(
        ["single-row message INSERTs", "msgs/s"],
        [
          ["with the search trigger", ingest.on],
          ["without (trigger disabled)", ingest.off],
        ],
      ),
    );
    console.log(`raw INSERT slowdown: ${((1 - ingest.on / ingest.off) * 100).toFixed(1)} %`);
    console.log(
      table(
        ["ingested email messages (ingestInboundMessage, one at a time)", "msgs/s"],
        [
          ["with the search index (triggers on)", flow.on],
          ["without (message and subject triggers disabled)", flow.off],
        ],
      ),
    );
    console.log(`ingest slowdown: ${((1 - flow.on / flow.off) * 100).toFixed(1)} %`);
  } finally {
    await db.close();
    if (!keep) await fresh.drop();
  }
}

type Sql = Awaited<ReturnType<typeof openDatabase>>["sql"];
type Db = Awaited<ReturnType<typeof openDatabase>>;

/** Seeds the corpus with bulk SQL; returns an order number that occurs in a few messages. */
async function seed(sql: Sql): Promise<string> {
  const v = vocabulary();
  await sql.exec(`CREATE TABLE bench_vocab (lang text, rank int, word text, PRIMARY KEY (lang, rank))`);
  for (const [lang, words] of Object.entries(v)) {
    await sql.query(`INSERT INTO bench_vocab SELECT $1, r::int, w FROM unnest($2::text[]) WITH ORDINALITY AS t(w, r)`, [lang, words]);
  }
  const n = (lang: keyof typeof v) => v[lang].length;
  // Message i belongs to conversation i / 5 and customer (i / 5) % CUSTOMERS. 40 % English, 40 %
  // Japanese, 20 % mixed; 10–50 words drawn with rank floor(N^u), then the customer's name, a product
  // (also Zipf), an order number and a date.
  await sql.exec(`
    SELECT setseed(0.42);
    CREATE TABLE bench_text AS
      SELECT i AS n, x.body || ' / ' || (SELECT word FROM bench_vocab WHERE lang = 'names' AND rank = 1 + (i / 5) % ${CUSTOMERS} % ${n("names")})
        || ' / ' || p.word || ' / ORD-' || lpad((floor(random() * 900000) + 100000)::int::text, 7, '0')
        || ' / ' || to_char(date '2025-01-01' + (random() * 700)::int, 'YYYY-MM-DD') AS text
      FROM generate_series(0, ${ROWS - 1}) i
      CROSS JOIN LATERAL (
        SELECT string_agg(w.word, CASE WHEN w.lang = 'en' THEN ' ' ELSE '' END ORDER BY d.g) AS body
        FROM (
          SELECT g, lang, floor(exp(random() * ln(CASE lang WHEN 'en' THEN ${n("en")} ELSE ${n("ja")} END)))::int AS r
          FROM (
            SELECT g, CASE WHEN i % 10 < 4 THEN 'en' WHEN i % 10 < 8 THEN 'ja' WHEN g % 3 = 0 THEN 'en' ELSE 'ja' END AS lang
            FROM generate_series(1, 10 + (i * 7) % 41) g
          ) l
        ) d JOIN bench_vocab w ON w.lang = d.lang AND w.rank = d.r
      ) x
      -- "+ 0 * i" ties the draw to the row, so each message draws its own product.
      CROSS JOIN LATERAL (SELECT floor(exp(random() * ln(${n("products")})))::int + 0 * i AS r) pr
      JOIN bench_vocab p ON p.lang = 'products' AND p.rank = pr.r;
    INSERT INTO "Inbox" (id, kind, name) VALUES ('binb', 'email', 'Bench');
    INSERT INTO "Contact" (id, name, "updatedAt") SELECT 'bct' || i, 'Customer ' || i, now() FROM generate_series(0, ${CUSTOMERS - 1}) i;
    INSERT INTO "Conversation" (id, "inboxId", "contactId", "replyToken", status)
      SELECT 'bcv' || i, 'binb', 'bct' || (i % ${CUSTOMERS}), 'brt' || i, (ARRAY['open','pending','resolved','closed'])[1 + i % 4]::"ConversationStatus"
      FROM generate_series(0, ${Math.ceil(ROWS / 5) - 1}) i;
    ALTER TABLE "Conversation" DISABLE TRIGGER "Conversation_search";
    ALTER TABLE "Message" DISABLE TRIGGER "Message_search";
    INSERT INTO "Message" (id, "conversationId", "contactId", "inboxId", direction, channel, text, "createdAt")
      SELECT 'bm' || n, 'bcv' || (n / 5), 'bct' || ((n / 5) % ${CUSTOMERS}), 'binb', 'inbound', 'email', text, now() - n * interval '1 minute'
      FROM bench_text;
    -- What the trigger writes, set-based.
    INSERT INTO "SearchEntry" (id, "messageId", "conversationId", kind, "createdAt", body, lexemes)
      SELECT m.id, m.id, m."conversationId", 'message', m."createdAt", search_fold(m.text), search_lexemes(search_fold(m.text))
      FROM "Message" m;
    ALTER TABLE "Message" ENABLE TRIGGER "Message_search";
    ALTER TABLE "Conversation" ENABLE TRIGGER "Conversation_search";
  `);
  await sql.exec(`VACUUM ANALYZE`);
  return orderNumberOf(sql);
}

async function orderNumberOf(sql: Sql) {
  const [row] = await sql.query<{ o: string }>(`SELECT substring(text from 'ORD-[0-9]{7}') AS o FROM bench_text WHERE n = 777`);
  return row!.o.toLowerCase();
}

const INDEXED = `SELECT e.id FROM "SearchEntry" e WHERE e.lexemes @@ search_query($1) AND e.body LIKE search_like($1)`;
const SCAN = `SELECT m.id FROM "Message" m WHERE m.text ILIKE $1`;
const likeOf = (q: string) => `%${q.replaceAll("\\", "\\\\").replaceAll("%", "\\%").replaceAll("_", "\\_")}%`;

async function measure(db: Db, { label, q, filters = {}, scan = "", entries = "" }: Query): Promise<(string | number)[]> {
  // Identical hits: every message the index finds is one ILIKE finds, and the other way round.
  const indexed = (await db.sql.query<{ id: string }>(`${INDEXED} ${entries} ORDER BY 1`, [q])).map((r) => r.id);
  const scanned = (await db.sql.query<{ id: string }>(`${SCAN} ${scan} ORDER BY 1`, [likeOf(q)])).map((r) => r.id);
  const same = indexed.length === scanned.length && indexed.every((id, i) => id === scanned[i]);
  const index = postgresSearchIndex(db.prisma);
  const time = async (fn: () => Promise<unknown>) => {
    await fn(); // warm-up, untimed: the first query of a run would otherwise time a cold cache
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await fn();
      samples.push(performance.now() - t);
    }
    return samples.sort((a, b) => a - b);
  };
  const a = await time(() => index.search({ actor: AGENT, include: [q], exclude: [], filters, sort: "newest", offset: 0, limit: PAGE }));
  // The scan's page: every message is read, the newest PAGE matches kept.
  const b = await time(() => db.sql.query(`${SCAN} ${scan} ORDER BY m."createdAt" DESC LIMIT ${PAGE}`, [likeOf(q)]));
  const p95 = (s: number[]) => percentile(s, 95);
  return [
    label,
    q,
    indexed.length,
    `${((indexed.length / ROWS) * 100).toFixed(indexed.length / ROWS < 0.001 ? 3 : 2)} %`,
    same ? "yes" : "NO",
    percentile(a, 50),
    p95(a),
    percentile(b, 50),
    p95(b),
    p95(b) / p95(a),
  ];
}

/** The tokeniser alone, per message of the corpus: decision 012's first definition against today's. */
async function measureTokeniser(sql: Sql) {
  const first = await readFile(path.resolve(import.meta.dirname, "../prisma/migrations/20261202100000_search_index/migration.sql"), "utf8");
  const before = /CREATE FUNCTION "search_lexemes"[\s\S]*?\n\$\$;/
    .exec(first)![0]
    .replace('CREATE FUNCTION "search_lexemes"', 'CREATE OR REPLACE FUNCTION "bench_lexemes_before"');
  await sql.exec(before);
  const n = Math.min(ROWS, 5000);
  const [same] = await sql.query<{ d: number }>(
    `SELECT count(*)::int AS d FROM bench_text WHERE n < ${n} AND bench_lexemes_before(search_fold(text)) <> search_lexemes(search_fold(text))`,
  );
  if (same!.d > 0) throw new Error(`the tokenisers disagree on ${same!.d} messages`);
  const cost = async (fn: string) => {
    const t = performance.now();
    await sql.query(`SELECT sum(length(${fn}(search_fold(text)))) FROM bench_text WHERE n < ${n}`);
    return (performance.now() - t) / n;
  };
  // Alternated, twice each, so load on the machine hits both alike.
  const b1 = await cost("bench_lexemes_before");
  const n1 = await cost("search_lexemes");
  const b2 = await cost("bench_lexemes_before");
  const n2 = await cost("search_lexemes");
  return { before: (b1 + b2) / 2, now: (n1 + n2) / 2 };
}

async function measureIngest(sql: Sql) {
  const n = Number(process.env.BENCH_SEARCH_INSERTS ?? 2000);
  const texts = (await sql.query<{ text: string }>(`SELECT text FROM bench_text ORDER BY n DESC LIMIT ${n}`)).map((r) => r.text);
  const insert = async (prefix: string) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) {
      await sql.query(
        `INSERT INTO "Message" (id, "conversationId", "contactId", "inboxId", direction, channel, text) VALUES ($1, 'bcv1', 'bct1', 'binb', 'inbound', 'email', $2)`,
        [`${prefix}${i}`, texts[i % texts.length]],
      );
    }
    return n / ((performance.now() - t) / 1000);
  };
  const on1 = await insert("ion");
  await sql.exec(`ALTER TABLE "Message" DISABLE TRIGGER "Message_search"`);
  const off1 = await insert("ioff");
  await sql.exec(`ALTER TABLE "Message" ENABLE TRIGGER "Message_search"`);
  const on2 = await insert("ion2-");
  await sql.exec(`ALTER TABLE "Message" DISABLE TRIGGER "Message_search"`);
  const off2 = await insert("ioff2-");
  await sql.exec(`ALTER TABLE "Message" ENABLE TRIGGER "Message_search"`);
  return { on: (on1 + on2) / 2, off: (off1 + off2) / 2 };
}

/**
 * The product's ingest with the index against without it: BENCH_SEARCH_INGESTS (500) email messages
 * per phase through ingestInboundMessage (identity, conversation, message, outbox, events: what a
 * webhook or SMTP delivery runs once parsed), on the seeded database (PGlite: the server's own), each message a new
 * conversation with a subject (so both the message and the subject entry are written). Alternated
 * on/off twice, like the raw INSERTs.
 */
async function measureIngestFlow(sql: Sql, url: string | undefined) {
  const n = Number(process.env.BENCH_SEARCH_INGESTS ?? 500);
  const texts = (await sql.query<{ text: string }>(`SELECT text FROM bench_text ORDER BY n LIMIT ${n}`)).map((r) => r.text);
  // On PostgreSQL the server runs on the seeded database, so the entries go into the full-size index.
  const server = await startTestServer({ ui: false, ...(url ? { databaseUrl: () => url } : {}) });
  try {
    const inboxId = await server.createInbox("email", "Bench mail", { address: "support@bench.example" });
    const triggers = async (on: boolean) => {
      for (const [table, trigger] of [
        ["Message", "Message_search"],
        ["Conversation", "Conversation_search"],
      ]) {
        await server.ctx.db.$executeRawUnsafe(`ALTER TABLE "${table}" ${on ? "ENABLE" : "DISABLE"} TRIGGER "${trigger}"`);
      }
    };
    const phase = async (label: string) => {
      const t = performance.now();
      for (let i = 0; i < n; i++) {
        await ingestInboundMessage(server.ctx, {
          inboxId,
          message: {
            providerMessageId: `flow-${label}-${i}`,
            from: { kind: "email", address: `customer${i % 100}@bench.example`, displayName: `Customer ${i % 100}` },
            subject: `Question ${label} ${i}`,
            text: texts[i % texts.length]!,
          },
        });
      }
      return n / ((performance.now() - t) / 1000);
    };
    await phase("warm");
    const on1 = await phase("on1");
    await triggers(false);
    const off1 = await phase("off1");
    await triggers(true);
    const on2 = await phase("on2");
    await triggers(false);
    const off2 = await phase("off2");
    await triggers(true);
    return { on: (on1 + on2) / 2, off: (off1 + off2) / 2 };
  } finally {
    await server.stop();
  }
}
