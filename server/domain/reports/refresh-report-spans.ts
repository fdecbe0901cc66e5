import type { AppContext } from "~/server/context.ts";
import type { SqlDriver } from "~/server/db/client.ts";
import { type ConversationFacts, deriveConversationFacts } from "./load-segments.ts";

/** Conversations rebuilt per transaction: short enough not to stall PGlite's one connection for long. */
const BATCH = 500;
/** pg_advisory_xact_lock key of the rollup (one rebuilder at a time across nodes; 025 = its decision). */
const LOCK = 250_025;

/**
 * Brings ReportSpan up to the log's head (docs/decisions/025-report-span-rollup.md): rebuilds the
 * facts of every conversation queued by the ReportEvent trigger since the last drain, in batches, each
 * in one transaction that takes the queued rows and replaces the conversations' facts. A queue row
 * becomes visible with its event's commit, so what a report reads after this includes every event
 * committed before it began. Cheap when nothing changed (one indexed probe); idempotent (a rebuild
 * derives from the whole history of the conversation). Returns the conversations rebuilt.
 */
export async function refreshReportSpans(ctx: Pick<AppContext, "sql">): Promise<number> {
  const [pending] = await ctx.sql.query(`SELECT 1 FROM "ReportSpanQueue" LIMIT 1`);
  if (!pending) return 0;
  let rebuilt = 0;
  for (;;) {
    const n = await ctx.sql.transaction((tx) => rebuildBatch(tx));
    if (n === 0) return rebuilt;
    rebuilt += n;
  }
}

async function rebuildBatch(tx: Pick<SqlDriver, "query">): Promise<number> {
  await tx.query(`SELECT pg_advisory_xact_lock(${LOCK})`);
  const taken = await tx.query<{ conversationId: string }>(
    `WITH batch AS (SELECT DISTINCT "conversationId" FROM "ReportSpanQueue" ORDER BY 1 LIMIT ${BATCH})
     DELETE FROM "ReportSpanQueue" q USING batch b WHERE q."conversationId" = b."conversationId" RETURNING q."conversationId"`,
  );
  const ids = [...new Set(taken.map((r) => r.conversationId))];
  if (ids.length === 0) return 0;
  const facts = await deriveConversationFacts(tx, ids);
  await tx.query(`DELETE FROM "ReportSpan" WHERE "conversationId" = ANY($1::text[])`, [ids]);
  const rows = spanRows(facts);
  if (rows.conversationId.length > 0) {
    await tx.query(
      `INSERT INTO "ReportSpan" ("conversationId", "kind", "segment", "startAt", "at", "calendarSeconds", "businessSeconds",
         "businessHoursId", "contactId", "companyId", "departmentId", "inboxId", "channel", "agentId", "tags")
       SELECT u.c, u.k, u.s, u.st, u.a, u.cs, u.bs, u.bh, u.ct, u.co, u.d, u.i, u.ch, u.ag, ARRAY(SELECT jsonb_array_elements_text(u.tg::jsonb))
       FROM unnest($1::text[], $2::text[], $3::int[], $4::timestamp[], $5::timestamp[], $6::float8[], $7::float8[],
         $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
         AS u(c, k, s, st, a, cs, bs, bh, ct, co, d, i, ch, ag, tg)`,
      [
        rows.conversationId,
        rows.kind,
        rows.segment,
        rows.startAt,
        rows.at,
        rows.calendarSeconds,
        rows.businessSeconds,
        rows.businessHoursId,
        rows.contactId,
        rows.companyId,
        rows.departmentId,
        rows.inboxId,
        rows.channel,
        rows.agentId,
        rows.tags,
      ],
    );
  }
  return ids.length;
}

/**
 * One column array per ReportSpan column. Openings take the dimensions of their customer message and
 * its assignee as agent; spans those of the event that ended them and its author (docs/metrics.md).
 */
function spanRows(facts: ConversationFacts) {
  const cols = {
    conversationId: [] as string[],
    kind: [] as string[],
    segment: [] as number[],
    startAt: [] as string[],
    at: [] as string[],
    calendarSeconds: [] as number[],
    businessSeconds: [] as number[],
    businessHoursId: [] as (string | null)[],
    contactId: [] as (string | null)[],
    companyId: [] as (string | null)[],
    departmentId: [] as (string | null)[],
    inboxId: [] as (string | null)[],
    channel: [] as (string | null)[],
    agentId: [] as (string | null)[],
    tags: [] as string[],
  };
  const push = (
    r: { conversationId: string; kind: string; segment: number; startAt: number; at: number; calendar: number; business: number },
    start: { businessHoursId: string | null },
    e: {
      contactId: string | null;
      companyId: string | null;
      departmentId: string | null;
      inboxId: string | null;
      channel: string | null;
      tags: string[];
    },
    agentId: string | null,
  ) => {
    cols.conversationId.push(r.conversationId);
    cols.kind.push(r.kind);
    cols.segment.push(r.segment);
    cols.startAt.push(new Date(r.startAt).toISOString());
    cols.at.push(new Date(r.at).toISOString());
    cols.calendarSeconds.push(r.calendar);
    cols.businessSeconds.push(r.business);
    cols.businessHoursId.push(start.businessHoursId);
    cols.contactId.push(e.contactId);
    cols.companyId.push(e.companyId);
    cols.departmentId.push(e.departmentId);
    cols.inboxId.push(e.inboxId);
    cols.channel.push(e.channel);
    cols.agentId.push(agentId);
    cols.tags.push(JSON.stringify(e.tags));
  };
  for (const o of facts.openings) {
    const r = { conversationId: o.conversationId, kind: "opening", segment: o.segment, startAt: o.at, at: o.at, calendar: 0, business: 0 };
    push(r, o.event, o.event, o.event.assigneeId);
  }
  for (const s of facts.spans) {
    const r = {
      conversationId: s.conversationId,
      kind: s.kind,
      segment: s.segment,
      startAt: s.startAt,
      at: s.endAt,
      calendar: s.calendarSeconds,
      business: s.businessSeconds,
    };
    push(r, s.start, s.end, s.end.agentId);
  }
  return cols;
}
