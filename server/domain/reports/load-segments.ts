import type { SqlDriver } from "~/server/db/client.ts";
import { businessSecondsBetween, type Schedule } from "~/server/domain/business-hours/business-time.ts";
import { deriveSegments, type SegmentEvent, type SegmentOpening, type Span } from "./derive-segments.ts";

export interface TimedSpan extends Span {
  conversationId: string;
  /** Calendar and business seconds (the schedule of the clock's start; none = always open). */
  calendarSeconds: number;
  businessSeconds: number;
}

export interface ConversationFacts {
  openings: Array<SegmentOpening & { conversationId: string }>;
  spans: TimedSpan[];
}

type Sql = Pick<SqlDriver, "query">;

interface Row {
  conversationId: string;
  t: number;
  type: SegmentEvent["type"];
  status: string | null;
  agentId: string | null;
  contactId: string | null;
  companyId: string | null;
  departmentId: string | null;
  inboxId: string | null;
  channel: string | null;
  assigneeId: string | null;
  tags: string[] | null;
  businessHoursId: string | null;
}

/**
 * Segment openings and timed spans of these conversations, derived from each one's whole history in
 * the log (docs/metrics.md). The rollup (refresh-report-spans.ts) stores what this returns.
 */
export async function deriveConversationFacts(sql: Sql, conversationIds: string[]): Promise<ConversationFacts> {
  const facts: ConversationFacts = { openings: [], spans: [] };
  if (conversationIds.length === 0) return facts;
  const rows = await sql.query<Row>(
    `SELECT e."conversationId", (extract(epoch FROM e."at") * 1000)::float8 AS t, e."type", e."data" ->> 'status' AS status,
       e."agentId", e."contactId", e."companyId", e."departmentId", e."inboxId", e."channel", e."assigneeId", e."tags", e."businessHoursId"
     FROM "ReportEvent" e
     WHERE e."conversationId" = ANY($1::text[]) AND e."type" IN ('message_in', 'message_out', 'status') AND (e."type" = 'status' OR NOT e."automated")
     ORDER BY e."conversationId", e."at", e."id"`,
    [conversationIds],
  );
  const schedules = await loadSchedules(sql, rows);
  let i = 0;
  while (i < rows.length) {
    const conversationId = rows[i]!.conversationId;
    const events: SegmentEvent[] = [];
    for (; i < rows.length && rows[i]!.conversationId === conversationId; i++) events.push(toEvent(rows[i]!));
    const { openings, spans } = deriveSegments(events);
    for (const o of openings) facts.openings.push({ ...o, conversationId });
    for (const s of spans) facts.spans.push(timed(s, conversationId, schedules));
  }
  return facts;
}

const toEvent = (r: Row): SegmentEvent => ({
  at: Number(r.t),
  type: r.type,
  ...(r.status ? { status: r.status } : {}),
  agentId: r.agentId,
  contactId: r.contactId,
  companyId: r.companyId,
  departmentId: r.departmentId,
  inboxId: r.inboxId,
  channel: r.channel,
  assigneeId: r.assigneeId,
  tags: r.tags ?? [],
  businessHoursId: r.businessHoursId,
});

function timed(s: Span, conversationId: string, schedules: Map<string, Schedule>): TimedSpan {
  const calendarSeconds = Math.max(0, Math.floor((s.endAt - s.startAt) / 1000));
  const schedule = s.start.businessHoursId ? schedules.get(s.start.businessHoursId) : undefined;
  const businessSeconds = schedule ? businessSecondsBetween(schedule, new Date(s.startAt), new Date(s.endAt)) : calendarSeconds;
  return { ...s, conversationId, calendarSeconds, businessSeconds };
}

/** Raw SQL, not Prisma: this runs inside the rollup's transaction (PGlite has one connection). */
async function loadSchedules(sql: Sql, rows: Row[]): Promise<Map<string, Schedule>> {
  const ids = [...new Set(rows.map((r) => r.businessHoursId).filter((v): v is string => v !== null))];
  if (ids.length === 0) return new Map();
  const hours = await sql.query<Schedule & { id: string }>(
    `SELECT "id", "timezone", "intervals", "holidays", "japaneseHolidays" FROM "BusinessHours" WHERE "id" = ANY($1::text[])`,
    [ids],
  );
  return new Map(hours.map((h) => [h.id, { ...h, intervals: h.intervals as Schedule["intervals"] }]));
}
