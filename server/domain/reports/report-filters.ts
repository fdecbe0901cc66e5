import { DateTime } from "luxon";
import { z } from "zod";
import type { CustomerFilter } from "~/common/customer-filter.ts";
import type { AppContext } from "~/server/context.ts";
import { Prisma } from "~/server/db/generated/client.ts";
import { type Actor, isAdmin, visibleContactSql } from "~/server/domain/access.ts";
import { prepareCustomerQuery } from "~/server/domain/customers/list-customers.ts";
import { findVisibleSegment } from "~/server/domain/segments/segment-access.ts";
import { badRequest, parseInput } from "~/server/lib/errors.ts";
import type { ReportFilters } from "./report-types.ts";

const DAY_MS = 86_400_000;
/** The longest range one report reads (two years and a day, so "this year vs. last" fits). */
const MAX_RANGE_DAYS = 731;
const DEFAULT_RANGE_DAYS = 30;

const instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);
const id = z.string().trim().min(1).max(64);

/**
 * The filters every report takes (`?from=&to=&departmentId=&inboxId=&agentId=&channel=&tag=&segmentId=&businessHours=`).
 * `from` / `to` are ISO dates (days in the workspace time zone; `to` includes its day) or times; without
 * them the report covers the last 30 days up to the end of today. Query strings are strings, so
 * `businessHours` is "true" / "false" / "1" / "0".
 */
export const reportFiltersInput = z.object({
  from: instant.optional(),
  to: instant.optional(),
  departmentId: id.optional(),
  inboxId: id.optional(),
  agentId: id.optional(),
  channel: z.string().trim().min(1).max(64).optional(),
  tag: z.string().trim().min(1).max(100).optional(),
  /** Facts of the contacts in this saved segment (issue 14) only. */
  segmentId: id.optional(),
  businessHours: z
    .union([z.boolean(), z.enum(["true", "false", "1", "0"])])
    .transform((v) => v === true || v === "true" || v === "1")
    .default(false),
});
export type ReportFiltersInput = z.input<typeof reportFiltersInput>;

const toInstant = (value: string, zone: string, endOfDay: boolean) => {
  if (value.includes("T")) return new Date(value);
  const day = DateTime.fromISO(value, { zone });
  return (endOfDay ? day.plus({ days: 1 }) : day).toJSDate();
};

/** Parses and checks the filters of a report (400 naming what is wrong). `from` inclusive, `to` exclusive. */
export function parseReportFilters(
  ctx: AppContext,
  raw: unknown,
  schema: z.ZodType<z.output<typeof reportFiltersInput>> = reportFiltersInput,
): ReportFilters {
  const q = parseInput(schema, raw ?? {}, "report filters");
  const zone = ctx.env.WORKSPACE_TIMEZONE;
  const to = q.to ? toInstant(q.to, zone, true) : DateTime.now().setZone(zone).startOf("day").plus({ days: 1 }).toJSDate();
  const from = q.from ? toInstant(q.from, zone, false) : new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY_MS);
  if (from >= to) throw badRequest("Invalid report filters: from must be before to");
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY_MS)
    throw badRequest(`Invalid report filters: at most ${MAX_RANGE_DAYS} days at once`);
  const { from: _f, to: _t, ...rest } = q;
  return { ...rest, from, to };
}

/**
 * Parses the filters and loads what they need from the database: the restricted departments hidden
 * from the actor and, with `segmentId`, the segment's contacts as a SQL condition (the segment's
 * compiled filter, decision 022; a segment the actor may not see is a 404).
 */
export async function reportScope(
  ctx: AppContext,
  actor: Actor,
  raw: unknown,
  schema?: z.ZodType<z.output<typeof reportFiltersInput>>,
): Promise<{ f: ReportFilters; hidden: string[] }> {
  const f = parseReportFilters(ctx, raw, schema);
  const [hidden, segmentContacts] = await Promise.all([
    hiddenDepartmentIds(ctx, actor),
    f.segmentId ? segmentContactsSql(ctx, actor, f.segmentId) : undefined,
  ]);
  return { f: segmentContacts ? { ...f, segmentContacts } : f, hidden };
}

/** The ids of a segment's contacts as the actor sees them (like its contact list), and of contacts merged into them. */
async function segmentContactsSql(ctx: AppContext, actor: Actor, segmentId: string): Promise<Prisma.Sql> {
  const segment = await findVisibleSegment(ctx, actor, segmentId);
  const query = await prepareCustomerQuery(ctx, actor, "contact", segment.filter as CustomerFilter);
  const members = Prisma.sql`SELECT r."id" FROM "Contact" r
    WHERE r."mergedIntoId" IS NULL AND ${visibleContactSql(actor, Prisma.raw('"r"'))} AND ${query.where}`;
  return Prisma.sql`SELECT m."id" FROM "Contact" m WHERE m."id" IN (${members}) OR m."mergedIntoId" IN (${members})`;
}

/** The period of equal length just before the filters' range. */
export function previousPeriod(f: ReportFilters): ReportFilters {
  const length = f.to.getTime() - f.from.getTime();
  return { ...f, from: new Date(f.from.getTime() - length), to: f.from };
}

/** Restricted departments the actor is not a member of: their events never reach this actor's reports. */
export async function hiddenDepartmentIds(ctx: AppContext, actor: Actor): Promise<string[]> {
  if (isAdmin(actor)) return [];
  const rows = await ctx.db.department.findMany({
    where: { restricted: true, id: { notIn: actor.departmentIds } },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}

/** Positional parameters of one SQL statement ($1, $2 …), added as fragments are built. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
  /** A Prisma.sql fragment (the customer filter compiler's output) with its values as parameters here. */
  addSql(sql: Prisma.Sql): string {
    return sql.strings.reduce((text, part, i) => text + part + (i < sql.values.length ? this.add(sql.values[i]) : ""), "");
  }
}

/**
 * Whom the agent filter means: the author (replies, notes, resolves), the conversation's assignee at
 * the time (customer messages, SLA and CSAT events), or each by its event type.
 */
export type AgentColumn = "agentId" | "assigneeId" | "byType";
const BY_ASSIGNEE = `'message_in', 'sla', 'sla-applied', 'sla-met', 'csat-sent', 'csat'`;
export const AGENT_COLUMNS: Record<AgentColumn, string> = {
  agentId: `e."agentId"`,
  assigneeId: `e."assigneeId"`,
  byType: `(CASE WHEN e."type" IN (${BY_ASSIGNEE}) THEN e."assigneeId" ELSE e."agentId" END)`,
};

/**
 * The WHERE conditions of the filters and of visibility over report events aliased `e`. Restricted departments
 * are hidden both by the department at the time and by the conversation's department now (alias `c`,
 * LEFT JOINed by the caller when `joinsConversation`).
 */
export function eventConditions(
  f: ReportFilters,
  hidden: string[],
  p: SqlParams,
  options: { agent?: AgentColumn; joinsConversation?: boolean; range?: boolean } = {},
): string[] {
  const and: string[] = [];
  if (options.range !== false)
    and.push(`e."at" >= ${p.add(f.from.toISOString())}::timestamp`, `e."at" < ${p.add(f.to.toISOString())}::timestamp`);
  if (f.departmentId) and.push(`e."departmentId" = ${p.add(f.departmentId)}`);
  if (f.inboxId) and.push(`e."inboxId" = ${p.add(f.inboxId)}`);
  if (f.channel) and.push(`e."channel" = ${p.add(f.channel)}`);
  if (f.tag) and.push(`${p.add(f.tag)} = ANY(e."tags")`);
  if (f.agentId) and.push(`${AGENT_COLUMNS[options.agent ?? "agentId"]} = ${p.add(f.agentId)}`);
  if (f.segmentContacts) and.push(`e."contactId" IN (${p.addSql(f.segmentContacts)})`);
  if (hidden.length > 0) {
    const list = p.add(hidden);
    and.push(`(e."departmentId" IS NULL OR NOT (e."departmentId" = ANY(${list}::text[])))`);
    if (options.joinsConversation) and.push(`(c."departmentId" IS NULL OR NOT (c."departmentId" = ANY(${list}::text[])))`);
  }
  return and;
}

/**
 * The same over the rollup's facts aliased `s` (report-span-facts.ts): each fact carries the
 * dimensions of its own event, and `agentId` is already the one the agent filter means for its kind.
 * The conversation's department now is `c` (LEFT JOINed by the caller when `hidden` is not empty).
 */
export function spanConditions(f: ReportFilters, hidden: string[], p: SqlParams, range: { from: Date; to: Date } = f): string[] {
  const and = [`s."at" >= ${p.add(range.from.toISOString())}::timestamp`, `s."at" < ${p.add(range.to.toISOString())}::timestamp`];
  if (f.departmentId) and.push(`s."departmentId" = ${p.add(f.departmentId)}`);
  if (f.inboxId) and.push(`s."inboxId" = ${p.add(f.inboxId)}`);
  if (f.channel) and.push(`s."channel" = ${p.add(f.channel)}`);
  if (f.tag) and.push(`${p.add(f.tag)} = ANY(s."tags")`);
  if (f.agentId) and.push(`s."agentId" = ${p.add(f.agentId)}`);
  if (f.segmentContacts) and.push(`s."contactId" IN (${p.addSql(f.segmentContacts)})`);
  if (hidden.length > 0) {
    const list = p.add(hidden);
    and.push(`(s."departmentId" IS NULL OR NOT (s."departmentId" = ANY(${list}::text[])))`);
    and.push(`(c."departmentId" IS NULL OR NOT (c."departmentId" = ANY(${list}::text[])))`);
  }
  return and;
}

/** The FROM clause of a query over the rollup: the conversation is joined only to hide restricted departments. */
export const spanSource = (hidden: string[]) =>
  hidden.length > 0 ? `"ReportSpan" s LEFT JOIN "Conversation" c ON c."id" = s."conversationId"` : `"ReportSpan" s`;
