import { z } from "zod";
import { slaTargetSchema } from "~/common/vocabulary.ts";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";
import { AppError, badRequest, notFound, parseInput } from "~/server/lib/errors.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";
import { slaConditions } from "./match-policy.ts";

const minutes = z.number().int().min(1).max(525_600).nullable();
const fields = {
  name: z.string().trim().min(1).max(120),
  enabled: z.boolean(),
  /** Lower first; the first enabled policy whose conditions match applies. */
  position: z.number().int().min(0).max(100_000),
  conditions: slaConditions,
  firstResponseMinutes: minutes,
  nextResponseMinutes: minutes,
  resolutionMinutes: minutes,
  /** Targets count business time in these hours; null = calendar time. */
  businessHoursId: z.string().min(1).max(64).nullable(),
  /** Targets counted in calendar time even though the policy has business hours. */
  calendarTargets: z.array(slaTargetSchema).max(3),
  warnAtPercent: z.number().int().min(0).max(99),
  /** Also stop the clocks while snoozed (they always stop while pending on the customer). */
  pauseWhenSnoozed: z.boolean(),
};
export const newSlaPolicy = z
  .object({
    ...fields,
    enabled: fields.enabled.default(true),
    position: fields.position.default(0),
    conditions: fields.conditions.default({}),
    firstResponseMinutes: fields.firstResponseMinutes.default(null),
    nextResponseMinutes: fields.nextResponseMinutes.default(null),
    resolutionMinutes: fields.resolutionMinutes.default(null),
    businessHoursId: fields.businessHoursId.default(null),
    calendarTargets: fields.calendarTargets.default([]),
    warnAtPercent: fields.warnAtPercent.default(80),
    pauseWhenSnoozed: fields.pauseWhenSnoozed.default(false),
  })
  .strict();
export const slaPolicyPatch = z.object(fields).partial().strict();

export const slaPolicySelect = {
  id: true,
  name: true,
  enabled: true,
  position: true,
  conditions: true,
  firstResponseMinutes: true,
  nextResponseMinutes: true,
  resolutionMinutes: true,
  businessHoursId: true,
  calendarTargets: true,
  warnAtPercent: true,
  pauseWhenSnoozed: true,
  createdAt: true,
} as const;

export async function listSlaPolicies(ctx: AppContext) {
  return ctx.db.slaPolicy.findMany({ orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: slaPolicySelect });
}

export async function getSlaPolicy(ctx: AppContext, id: string) {
  const row = await ctx.db.slaPolicy.findUnique({ where: { id }, select: slaPolicySelect });
  if (!row) throw notFound("SLA policy");
  return row;
}

/** New policies apply to conversations whose clocks start (or whose department, priority or tags change) afterwards. */
export async function createSlaPolicy(ctx: AppContext, actor: Actor, raw: unknown) {
  requireRole(actor, "admin");
  const input = parseInput(newSlaPolicy, raw);
  await checkBusinessHours(ctx, input.businessHoursId);
  return unique(() =>
    ctx.db.$transaction(async (tx) => {
      const policy = await tx.slaPolicy.create({ data: input, select: slaPolicySelect });
      await recordAudit(tx, { ...audited(actor, policy), action: "sla_policy.created", after: input });
      return policy;
    }),
  );
}

export async function updateSlaPolicy(ctx: AppContext, actor: Actor, id: string, raw: unknown) {
  requireRole(actor, "admin");
  const patch = parseInput(slaPolicyPatch, raw);
  const before = await getSlaPolicy(ctx, id);
  if (patch.businessHoursId !== undefined) await checkBusinessHours(ctx, patch.businessHoursId);
  return unique(() =>
    ctx.db.$transaction(async (tx) => {
      const policy = await tx.slaPolicy.update({ where: { id }, data: patch, select: slaPolicySelect });
      const keys = Object.keys(patch) as (keyof typeof patch)[];
      const old = Object.fromEntries(keys.map((k) => [k, before[k]]));
      await recordAudit(tx, { ...audited(actor, policy), action: "sla_policy.updated", before: old, after: patch });
      return policy;
    }),
  );
}

/** Running clocks of the policy stop; breaches already recorded stay on the conversations' timelines. */
export async function deleteSlaPolicy(ctx: AppContext, actor: Actor, id: string) {
  requireRole(actor, "admin");
  const before = await getSlaPolicy(ctx, id);
  await ctx.db.$transaction(async (tx) => {
    await tx.slaClock.updateMany({ where: { policyId: id, stoppedAt: null }, data: { stoppedAt: new Date(), fireAt: null } });
    await tx.slaPolicy.delete({ where: { id } });
    const { createdAt: _createdAt, ...definition } = before;
    await recordAudit(tx, { ...audited(actor, before), action: "sla_policy.deleted", before: definition });
  });
}

const audited = (actor: Actor, policy: { id: string; name: string }) => ({
  ...by(actor),
  targetType: "sla_policy" as const,
  targetId: policy.id,
  targetLabel: policy.name,
});

async function checkBusinessHours(ctx: AppContext, id: string | null) {
  if (id && !(await ctx.db.businessHours.findUnique({ where: { id }, select: { id: true } }))) {
    throw badRequest("businessHoursId: unknown business hours");
  }
}

async function unique<T>(fn: () => Promise<T>) {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", "Another SLA policy already has this name");
    throw err;
  }
}
