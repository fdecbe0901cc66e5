import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { parseInput } from "~/server/lib/errors.ts";
import { afterCursor, clampLimit, decodeCursor, encodeCursor } from "~/server/lib/cursor.ts";
import { AUDIT_TARGET_TYPES, auditActionSchema } from "~/common/audit-vocabulary.ts";

const isoDate = z.iso
  .datetime({ offset: true })
  .or(z.iso.date())
  .transform((v) => new Date(v));

/**
 * The audit log's filters (`GET /api/v1/audit-log?actor=&action=&target=&from=&to=&cursor=`): `actor` is a
 * user id or email, `target` a target type (`inbox`), `type:id`, an id, or part of the target's name or
 * email; `from` / `to` are ISO dates or times (a date alone as `to` includes that day).
 */
export const auditLogQuery = z.object({
  actor: z.string().trim().max(320).optional(),
  action: auditActionSchema.optional(),
  target: z.string().trim().max(320).optional(),
  from: isoDate.optional(),
  to: z.iso
    .datetime({ offset: true })
    .transform((v) => new Date(v))
    .or(z.iso.date().transform((v) => new Date(Date.parse(v) + 86_400_000 - 1)))
    .optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().optional(),
});
export type AuditLogQuery = z.input<typeof auditLogQuery>;

export const auditEntrySelect = {
  id: true,
  at: true,
  ip: true,
  action: true,
  targetType: true,
  targetId: true,
  targetLabel: true,
  before: true,
  after: true,
  actor: { select: { id: true, name: true, email: true } },
} as const;

function whereOf(q: z.output<typeof auditLogQuery>): Prisma.AuditLogWhereInput {
  const and: Prisma.AuditLogWhereInput[] = [];
  if (q.actor) and.push({ OR: [{ actorId: q.actor }, { actor: { email: q.actor.toLowerCase() } }] });
  if (q.action) and.push({ action: q.action });
  if (q.target) {
    const [type, id] = q.target.split(":", 2) as [string, string | undefined];
    if ((AUDIT_TARGET_TYPES as readonly string[]).includes(type)) and.push(id ? { targetType: type, targetId: id } : { targetType: type });
    else and.push({ OR: [{ targetId: q.target }, { targetLabel: { contains: q.target, mode: "insensitive" } }] });
  }
  if (q.from) and.push({ at: { gte: q.from } });
  if (q.to) and.push({ at: { lte: q.to } });
  return { AND: and };
}

/** One page of the audit log, newest first (admins only). */
export async function listAuditLog(ctx: AppContext, actor: Actor, raw: unknown) {
  requireRole(actor, "admin");
  const q = parseInput(auditLogQuery, raw);
  const limit = clampLimit(q.limit, 50, 200);
  const where: Prisma.AuditLogWhereInput = { AND: [whereOf(q), afterCursor<Prisma.AuditLogWhereInput>("at", decodeCursor(q.cursor))] };
  const rows = await ctx.db.auditLog.findMany({
    where,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: auditEntrySelect,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map(serializeAuditEntry),
    nextCursor: rows.length > limit && last ? encodeCursor(last.at, last.id) : null,
  };
}

export type AuditEntryRow = Prisma.AuditLogGetPayload<{ select: typeof auditEntrySelect }>;

export function serializeAuditEntry(row: AuditEntryRow) {
  return { ...row, at: row.at.toISOString() };
}
