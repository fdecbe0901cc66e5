import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { badRequest, notFound, parseInput } from "~/server/lib/errors.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";
import { departmentSettingsSelect, toDepartmentSettings } from "~/server/domain/admin/list-departments.ts";
import { by, changedFields, recordAudit } from "~/server/domain/audit/record-audit.ts";
import { csatColumns, csatSettingsInput } from "~/server/domain/csat/csat-settings.ts";

export const assignmentSettingsInput = z
  .object({
    autoAssign: z.boolean(),
    /** null = never return an offline agent's conversations to the queue. */
    reassignOfflineAfterMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .nullable(),
    restricted: z.boolean(),
    /** Replaces the department's members. */
    memberIds: z.array(z.string().min(1).max(64)).max(1000),
    /** The department's internal Slack channel for notifications, or null to stop them. */
    slack: z
      .object({
        inboxId: z.string().min(1).max(64),
        channelId: z.string().regex(/^[CGD][A-Z0-9]{2,20}$/, "a Slack channel id such as C0123ABCD"),
      })
      .nullable(),
    /** Satisfaction surveys on resolve (issue 12). */
    csat: csatSettingsInput,
  })
  .partial()
  .strict();

/** Admin: a department's auto-assignment, offline reassignment, restriction, members and Slack channel. */
export async function updateDepartmentSettings(ctx: AppContext, actor: Actor, departmentId: string, raw: unknown) {
  requireRole(actor, "admin");
  const { memberIds, slack, csat, ...rest } = parseInput(assignmentSettingsInput, raw);
  const before = await ctx.db.department.findUnique({ where: { id: departmentId }, select: departmentSettingsSelect });
  if (!before) throw notFound("Department");
  if (slack) {
    const inbox = await ctx.db.inbox.findUnique({ where: { id: slack.inboxId }, select: { kind: true } });
    const channel = inbox ? ctx.channels.get(inbox.kind) : undefined;
    if (!channel?.descriptor.capabilities.departmentChannels) throw badRequest("slack.inboxId: not a Slack inbox");
  }
  try {
    const updated = await ctx.db.$transaction(async (tx) => {
      if (memberIds) {
        const ids = [...new Set(memberIds)];
        if ((await tx.user.count({ where: { id: { in: ids } } })) !== ids.length) throw badRequest("memberIds: unknown user");
        await tx.departmentMember.deleteMany({ where: { departmentId, userId: { notIn: ids } } });
        await tx.departmentMember.createMany({ data: ids.map((userId) => ({ userId, departmentId })), skipDuplicates: true });
      }
      if (slack === null) await tx.departmentChannel.deleteMany({ where: { departmentId } });
      if (slack) {
        const channel = { inboxId: slack.inboxId, externalId: slack.channelId };
        await tx.departmentChannel.upsert({ where: { departmentId }, create: { departmentId, ...channel }, update: channel });
      }
      const after = await tx.department.update({
        where: { id: departmentId },
        data: { ...rest, ...csatColumns(csat) },
        select: departmentSettingsSelect,
      });
      const diff = changedFields(auditedSettings(before), auditedSettings(after));
      if (diff.keys.length) {
        const target = { targetType: "department" as const, targetId: departmentId, targetLabel: after.name };
        await recordAudit(tx, { ...by(actor), ...target, action: "department.updated", before: diff.before, after: diff.after });
      }
      return after;
    });
    publishAccessChange(ctx, departmentId, before, updated);
    return toDepartmentSettings(updated);
  } catch (err) {
    if (isUniqueViolation(err)) throw badRequest("Duplicate member");
    throw err;
  }
}

/** What the audit log compares: the settings with members in a stable order. */
function auditedSettings(row: Parameters<typeof toDepartmentSettings>[0]) {
  const settings = toDepartmentSettings(row);
  return { ...settings, memberIds: [...settings.memberIds].sort() } as Record<string, unknown>;
}

/** Members who joined or left, and a changed restriction, change who may see what: sockets follow (decision 009). */
function publishAccessChange(
  ctx: AppContext,
  departmentId: string,
  before: { restricted: boolean; members: { userId: string }[] },
  after: { restricted: boolean; members: { userId: string }[] },
) {
  const was = new Set(before.members.map((m) => m.userId));
  const is = new Set(after.members.map((m) => m.userId));
  const userIds = [...[...was].filter((id) => !is.has(id)), ...[...is].filter((id) => !was.has(id))];
  const departmentIds = before.restricted !== after.restricted ? [departmentId] : [];
  if (userIds.length > 0 || departmentIds.length > 0) ctx.bus.publish({ type: "access.changed", scope: { userIds, departmentIds } });
}

export const capacityInput = z.object({ capacity: z.number().int().min(0).max(1000) }).strict();

/** Admin: how many open + pending conversations auto-assignment may give an agent. */
export async function setUserCapacity(ctx: AppContext, actor: Actor, userId: string, raw: unknown) {
  requireRole(actor, "admin");
  const parsed = capacityInput.safeParse(raw);
  if (!parsed.success) throw badRequest("capacity must be a whole number from 0 to 1000");
  const user = await ctx.db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, capacity: true } });
  if (!user) throw notFound("User");
  return ctx.db.$transaction(async (tx) => {
    const updated = await tx.user.update({ where: { id: userId }, data: parsed.data, select: { id: true, name: true, capacity: true } });
    if (user.capacity !== updated.capacity) {
      const target = { targetType: "user" as const, targetId: userId, targetLabel: user.email };
      await recordAudit(tx, {
        ...by(actor),
        ...target,
        action: "user.updated",
        before: { capacity: user.capacity },
        after: { capacity: updated.capacity },
      });
    }
    return updated;
  });
}
