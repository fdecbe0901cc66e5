import type { Db } from "~/server/db/client.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import type { Actor } from "~/server/domain/access.ts";
import type { AuditAction, AuditTargetType } from "~/common/audit-vocabulary.ts";

/** One audit entry (issue 15, docs/decisions/018-audit-log.md). */
export interface AuditEntry {
  /** Who did it; null for the system or an unknown account (a failed sign-in). */
  actorId: string | null;
  ip?: string | null;
  action: AuditAction;
  targetType: AuditTargetType;
  targetId?: string | null;
  /** The target's name or email now, so the entry still reads well after a rename. */
  targetLabel?: string | null;
  /** Old and new values of what changed; secrets never (see `redactSecrets`). */
  before?: unknown;
  after?: unknown;
}

// Keys whose values are credentials wherever they appear; a flow should not pass them, this makes sure.
const SECRET_KEY = /(pass(word)?|secret|token|credential|private_?key|api_?key)$/i;
const REDACTED = "[redacted]";

/** A copy of `value` with every credential-looking key's value replaced, at any depth. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value instanceof Date) return value.toISOString();
  if (!value || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) && v != null ? REDACTED : redactSecrets(v)]),
  );
}

const json = (value: unknown) => (value === undefined || value === null ? undefined : (redactSecrets(value) as Prisma.InputJsonValue));

/**
 * Appends one entry to the audit log. Pass the flow's transaction so the entry commits (or rolls back)
 * with the change it describes; the table refuses UPDATE and DELETE, so this is the only way in.
 */
export async function recordAudit(db: Db | Prisma.TransactionClient, entry: AuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: entry.actorId,
      ip: entry.ip ?? null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      targetLabel: entry.targetLabel ?? null,
      before: json(entry.before),
      after: json(entry.after),
    },
    select: { id: true },
  });
}

type DefinitionAction = Extract<AuditAction, `${"automation_rule" | "macro" | "business_hours" | "attribute"}.${string}`>;

/**
 * The entry for an admin's change to a workspace definition (an automation rule, a macro, business
 * hours, an attribute): the target type is the action's prefix, the label the definition's name.
 */
export const definitionChange = (
  actor: Actor,
  action: DefinitionAction,
  target: { id: string; name: string },
  values: { before?: unknown; after?: unknown },
): AuditEntry => ({
  ...by(actor),
  action,
  targetType: action.slice(0, action.indexOf(".")) as AuditTargetType,
  targetId: target.id,
  targetLabel: target.name,
  ...values,
});

/** The actor and IP part of an entry, from the signed-in actor of the request. */
export const by = (actor: Actor | "system") =>
  actor === "system" ? { actorId: null, ip: null } : { actorId: actor.id, ip: actor.ip ?? null };

/** The fields of `after` whose values differ from `before`, as `{ before, after }` holding only those. */
export function changedFields<T extends Record<string, unknown>>(before: T, after: T) {
  const keys = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return {
    keys,
    before: Object.fromEntries(keys.map((k) => [k, before[k]])),
    after: Object.fromEntries(keys.map((k) => [k, after[k]])),
  };
}
