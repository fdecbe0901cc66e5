import { z } from "zod";
import { retentionActionSchema } from "~/common/vocabulary.ts";
import type { AppContext } from "~/server/context.ts";
import { type Actor, requireRole } from "~/server/domain/access.ts";
import { badRequest, parseInput } from "~/server/lib/errors.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";

export const RETENTION_POLICY_ID = "workspace";

/** `PUT /api/v1/settings/retention` (issue 15). Empty department and inbox lists mean all of them. */
export const retentionInput = z
  .object({
    enabled: z.boolean(),
    days: z.number().int().min(1).max(36_500),
    action: retentionActionSchema,
    departmentIds: z.array(z.string().min(1).max(64)).max(100).default([]),
    inboxIds: z.array(z.string().min(1).max(64)).max(100).default([]),
  })
  .strict();

const select = { enabled: true, days: true, action: true, departmentIds: true, inboxIds: true, lastRunAt: true, updatedAt: true } as const;

export async function getRetentionPolicy(ctx: AppContext, actor: Actor) {
  requireRole(actor, "admin");
  const policy = await ctx.db.retentionPolicy.findUnique({ where: { id: RETENTION_POLICY_ID }, select });
  const runs = await ctx.db.retentionRun.findMany({ orderBy: { startedAt: "desc" }, take: 20 });
  return {
    policy: policy ?? { enabled: false, days: 365, action: "anonymise", departmentIds: [], inboxIds: [], lastRunAt: null, updatedAt: null },
    runs,
  };
}

export async function setRetentionPolicy(ctx: AppContext, actor: Actor, raw: unknown) {
  requireRole(actor, "admin");
  const input = parseInput(retentionInput, raw);
  const [departments, inboxes] = await Promise.all([
    ctx.db.department.count({ where: { id: { in: input.departmentIds } } }),
    ctx.db.inbox.count({ where: { id: { in: input.inboxIds } } }),
  ]);
  if (departments !== new Set(input.departmentIds).size) throw badRequest("departmentIds: unknown department");
  if (inboxes !== new Set(input.inboxIds).size) throw badRequest("inboxIds: unknown inbox");
  // A changed policy runs at the next tick rather than an hour after the last run.
  const data = { ...input, lastRunAt: null };
  const before = await ctx.db.retentionPolicy.findUnique({ where: { id: RETENTION_POLICY_ID }, select });
  const policy = await ctx.db.retentionPolicy.upsert({
    where: { id: RETENTION_POLICY_ID },
    create: { id: RETENTION_POLICY_ID, ...data },
    update: data,
    select,
  });
  await recordAudit(ctx.db, {
    ...by(actor),
    action: "retention.policy_updated",
    targetType: "retention_policy",
    targetId: RETENTION_POLICY_ID,
    before,
    after: policy,
  });
  return policy;
}
