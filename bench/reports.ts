import { performance } from "node:perf_hooks";
import { openDatabase } from "~/server/db/client.ts";
import { applyMigrations } from "~/server/db/migrate.ts";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { reportSummary } from "~/server/domain/reports/report-summary.ts";
import { reportAgents } from "~/server/domain/reports/report-performance.ts";
import { reportTopIssues } from "~/server/domain/reports/report-top-issues.ts";
import { reportHeatmap } from "~/server/domain/reports/report-heatmap.ts";
import { refreshReportSpans } from "~/server/domain/reports/refresh-report-spans.ts";
import { createTestDatabase, TEST_DB } from "~/test/support/database.ts";
import { percentile, table } from "./stats.ts";

/**
 * `npm run bench -- reports` (issue 13): BENCH_REPORTS_CONVERSATIONS conversations (default 100,000 on
 * PostgreSQL, 10,000 on PGlite) with 10 report events each over the last year, seeded with bulk SQL
 * (customer messages with texts, replies, resolves, a reopen in every fifth, SLA and CSAT events). For
 * the overview, team, top-issues and heatmap reports over 30 and 365 days it prints p50 / p95 next to
 * the bare SQL aggregate over the same raw events (a GROUP BY over the range), measured in the same run.
 * Overview and team read the ReportSpan rollup (docs/decisions/025-report-span-rollup.md).
 */
const CONVERSATIONS = Number(process.env.BENCH_REPORTS_CONVERSATIONS ?? (TEST_DB === "postgres" ? 100_000 : 10_000));
const RUNS = Number(process.env.BENCH_ITERATIONS ?? 5);
const TEXTS = [
  "返金をお願いします。請求書が届きません",
  "ログインできません。パスワードをリセットしたい",
  "Please resend the invoice for March",
  "The export fails with a timeout",
  "解約の手続きについて教えてください",
];

type Sql = Awaited<ReturnType<typeof openDatabase>>["sql"];

export async function run() {
  const fresh = await createTestDatabase();
  const db = await openDatabase(fresh.options);
  try {
    await applyMigrations(db.sql);
    const t0 = performance.now();
    await seed(db.sql);
    const seedS = (performance.now() - t0) / 1000;
    const ctx = { db: db.prisma, sql: db.sql, env: { WORKSPACE_TIMEZONE: "UTC" } } as unknown as AppContext;
    // The seed queued every conversation: the first report would derive them all. Catch up once, untimed
    // by the reports (what a migration's backfill or a busy day costs), then time the steady state: each
    // report still brings the rollup to the log's head first, which is one probe when nothing changed.
    const t1 = performance.now();
    const rebuilt = await refreshReportSpans(ctx);
    const catchUpS = (performance.now() - t1) / 1000;
    const [{ spans }] = (await db.sql.query<{ spans: number }>(`SELECT count(*)::int AS spans FROM "ReportSpan"`)) as [{ spans: number }];
    await db.sql.exec(`ANALYZE "ReportSpan"`);
    const actor: Actor = { id: "bench-admin", email: "a@b.c", name: "Admin", role: "admin", locale: "en", departmentIds: [] };
    const rows: (string | number)[][] = [];
    for (const days of [30, 365]) {
      const to = new Date();
      const from = new Date(to.getTime() - days * 86_400_000);
      const q = { from: from.toISOString(), to: to.toISOString() };
      const range = [from.toISOString(), to.toISOString()];
      const reports: [string, () => Promise<unknown>, string][] = [
        [
          "overview",
          () => reportSummary(ctx, actor, q),
          `SELECT "type", count(*), avg(extract(epoch FROM "at")) FROM "ReportEvent" WHERE "at" >= $1::timestamp AND "at" < $2::timestamp GROUP BY 1`,
        ],
        [
          "team",
          () => reportAgents(ctx, actor, q),
          `SELECT "agentId", "type", count(*) FROM "ReportEvent" WHERE "at" >= $1::timestamp AND "at" < $2::timestamp GROUP BY 1, 2`,
        ],
        [
          "top-issues",
          () => reportTopIssues(ctx, actor, q),
          `SELECT t, count(*) FROM "ReportEvent" e, unnest(e."tags") t WHERE "at" >= $1::timestamp AND "at" < $2::timestamp GROUP BY 1`,
        ],
        [
          "heatmap",
          () => reportHeatmap(ctx, actor, q),
          `SELECT extract(isodow FROM "at"), extract(hour FROM "at"), count(*) FROM "ReportEvent" WHERE "type" = 'message_in' AND "at" >= $1::timestamp AND "at" < $2::timestamp GROUP BY 1, 2`,
        ],
      ];
      for (const [name, report, bare] of reports) {
        const a = await time(report);
        const b = await time(() => db.sql.query(bare, range));
        rows.push([
          `${name} ${days} d`,
          percentile(a, 50),
          percentile(a, 95),
          percentile(b, 50),
          percentile(b, 95),
          percentile(a, 50) / percentile(b, 50),
        ]);
      }
    }
    const [{ n }] = (await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "ReportEvent"`)) as [{ n: number }];
    console.log(
      `\nreports on ${TEST_DB}: ${CONVERSATIONS.toLocaleString("en")} conversations, ${Number(n).toLocaleString("en")} events over a year (seeded in ${seedS.toFixed(0)} s), ${RUNS} runs each; ` +
        `rollups: ReportSpan (${Number(spans).toLocaleString("en")} segment openings and response / resolution spans of ${rebuilt.toLocaleString("en")} conversations, ` +
        `caught up from the log in ${catchUpS.toFixed(1)} s before timing; overview and team aggregate it in SQL; top-issues and heatmap read the events)\n`,
    );
    console.log(table(["report", "p50 ms", "p95 ms", "bare SQL p50 ms", "bare SQL p95 ms", "× at p50"], rows));
  } finally {
    await db.close();
    await fresh.drop();
  }
}

async function time(fn: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b);
}

export async function seed(sql: Sql) {
  const texts = `ARRAY[${TEXTS.map((s) => `'${s}'`).join(",")}]`;
  const n = CONVERSATIONS;
  // Conversation i starts at now − i × (1 year / n); 10 events each.
  await sql.exec(`
    INSERT INTO "Inbox" (id, kind, name) VALUES ('binb', 'email', 'Bench');
    INSERT INTO "Department" (id, name) VALUES ('bdep0', 'Support'), ('bdep1', 'Sales');
    INSERT INTO "User" (id, email, name, "passwordHash") SELECT 'bu' || i, 'bu' || i || '@bench', 'Agent ' || i, 'x' FROM generate_series(0, 19) i;
    INSERT INTO "Contact" (id, name, "updatedAt") SELECT 'bct' || i, 'Customer ' || i, now() FROM generate_series(0, 4999) i;
    INSERT INTO "Conversation" (id, "inboxId", "contactId", "replyToken", status)
      SELECT 'bcv' || i, 'binb', 'bct' || (i % 5000), 'brt' || i, 'resolved' FROM generate_series(0, ${n - 1}) i;
    CREATE TEMP TABLE bench_ev AS
      SELECT i, k, (now() AT TIME ZONE 'UTC') - i * (interval '365 days' / ${n}) - interval '7 days' AS t0 FROM generate_series(0, ${n - 1}) i, generate_series(0, 9) k;
    ALTER TABLE "Message" DISABLE TRIGGER "Message_search";
    ALTER TABLE "Message" DISABLE TRIGGER "Message_report_event";
    INSERT INTO "Message" (id, "conversationId", "contactId", "inboxId", direction, channel, text, "createdAt")
      SELECT 'bm' || i || '-' || k, 'bcv' || i, 'bct' || (i % 5000), 'binb', 'inbound', 'email', (${texts})[1 + (i + k) % 5], t0
      FROM bench_ev WHERE k IN (0, 2) OR (k = 5 AND i % 5 = 0);
    ALTER TABLE "Message" ENABLE TRIGGER "Message_search";
    ALTER TABLE "Message" ENABLE TRIGGER "Message_report_event";
    INSERT INTO "ReportEvent" ("at", "type", "conversationId", "messageId", "contactId", "inboxId", "channel", "departmentId", "assigneeId", "tags", "agentId", "automated", "data")
      SELECT
        t0 + CASE k WHEN 0 THEN interval '0' WHEN 1 THEN (1 + i % 120) * interval '1 minute' WHEN 2 THEN interval '3 hours' WHEN 3 THEN interval '4 hours'
          WHEN 4 THEN interval '5 hours' WHEN 5 THEN interval '2 days' WHEN 6 THEN interval '0' WHEN 7 THEN interval '2 hours' WHEN 8 THEN interval '5 hours' ELSE interval '6 hours' END,
        CASE k WHEN 0 THEN 'message_in' WHEN 1 THEN 'message_out' WHEN 2 THEN 'message_in' WHEN 3 THEN 'message_out' WHEN 4 THEN 'status'
          WHEN 5 THEN CASE WHEN i % 5 = 0 THEN 'message_in' ELSE 'note' END WHEN 6 THEN 'sla-applied' WHEN 7 THEN CASE WHEN i % 7 = 0 THEN 'sla' ELSE 'sla-met' END
          WHEN 8 THEN 'csat-sent' ELSE 'csat' END,
        'bcv' || i, CASE WHEN k IN (0, 2) OR (k = 5 AND i % 5 = 0) THEN 'bm' || i || '-' || k END, 'bct' || (i % 5000), 'binb', 'email',
        'bdep' || (i % 2), 'bu' || (i % 20), ARRAY[(ARRAY['billing', 'login', 'refund', 'export'])[1 + i % 4]],
        CASE WHEN k IN (1, 3, 4, 5) THEN 'bu' || (i % 20) END, false,
        CASE k WHEN 4 THEN '{"status": "resolved"}'::jsonb WHEN 7 THEN '{"alert": "breached", "target": "first_response"}'::jsonb
          WHEN 8 THEN jsonb_build_object('surveyId', 'bs' || i) WHEN 9 THEN jsonb_build_object('surveyId', 'bs' || i, 'rating', 1 + i % 5) ELSE '{}'::jsonb END
      FROM bench_ev;
    ANALYZE;
  `);
}
