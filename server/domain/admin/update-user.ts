import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { badRequest, notFound, parseInput } from "~/server/lib/errors.ts";
import { by, changedFields, recordAudit } from "~/server/domain/audit/record-audit.ts";
import { capacityInput } from "~/server/domain/assignment/department-settings.ts";
import { createUserInput } from "./create-user.ts";

/**
 * Editing a user: name, role, departments (replaced), capacity, and `deactivated`. The fields share
 * their rules with creation and the capacity setting.
 */
export const updateUserInput = createUserInput
  .pick({ name: true, reading: true, role: true })
  .extend({ departmentIds: z.array(z.string().min(1)).max(1000), capacity: capacityInput.shape.capacity, deactivated: z.boolean() })
  .partial()
  .strict();

const userSelect = {
  id: true,
  email: true,
  name: true,
  reading: true,
  role: true,
  capacity: true,
  disabledAt: true,
  memberships: { select: { departmentId: true }, orderBy: { departmentId: "asc" } },
} as const;

/**
 * Admin: changes a user. Deactivating signs the user out at once everywhere: sessions and API tokens
 * are deleted in the same transaction, and after commit every node drops its cached handshakes
 * (`access.revoked`) and disconnects the user's live sockets (`access.changed`, decision 009).
 */
export async function updateUser(ctx: AppContext, actor: Actor, userId: string, raw: unknown) {
  requireRole(actor, "admin");
  const input = parseInput(updateUserInput, raw);
  const before = await ctx.db.user.findUnique({ where: { id: userId }, select: userSelect });
  if (!before) throw notFound("User");
  // An admin cannot lock themselves out; another admin can.
  if (userId === actor.id && (input.deactivated || (input.role && input.role !== "admin"))) {
    throw badRequest("You cannot deactivate yourself or give up your own admin role");
  }
  const departmentIds = input.departmentIds && [...new Set(input.departmentIds)].sort();
  if (departmentIds && (await ctx.db.department.count({ where: { id: { in: departmentIds } } })) !== departmentIds.length) {
    throw badRequest("departmentIds: unknown department");
  }
  const deactivating = input.deactivated === true && !before.disabledAt;
  const reactivating = input.deactivated === false && !!before.disabledAt;
  const after = await ctx.db.$transaction(async (tx) => {
    if (departmentIds) {
      await tx.departmentMember.deleteMany({ where: { userId, departmentId: { notIn: departmentIds } } });
      await tx.departmentMember.createMany({ data: departmentIds.map((departmentId) => ({ userId, departmentId })), skipDuplicates: true });
    }
    if (deactivating) {
      await tx.session.deleteMany({ where: { userId } });
      await tx.apiToken.deleteMany({ where: { userId } });
    }
    const updated = await tx.user.update({
      where: { id: userId },
      data: {
        name: input.name,
        reading: input.reading,
        role: input.role,
        capacity: input.capacity,
        ...(deactivating && { disabledAt: new Date(), status: "offline" }),
        ...(reactivating && { disabledAt: null }),
      },
      select: userSelect,
    });
    const audit = { ...by(actor), targetType: "user" as const, targetId: userId, targetLabel: updated.email };
    const diff = changedFields(fields(before), fields(updated));
    if (diff.keys.length) await recordAudit(tx, { ...audit, action: "user.updated", before: diff.before, after: diff.after });
    if (deactivating) await recordAudit(tx, { ...audit, action: "user.deactivated", before: { active: true }, after: { active: false } });
    if (reactivating) await recordAudit(tx, { ...audit, action: "user.reactivated", before: { active: false }, after: { active: true } });
    return updated;
  });
  if (deactivating) ctx.bus.publish({ type: "access.revoked", userId });
  const accessChanged = deactivating || reactivating || before.role !== after.role || !!departmentIds;
  if (accessChanged) ctx.bus.publish({ type: "access.changed", scope: { userIds: [userId] } });
  return toUserView(after);
}

function fields(u: { name: string; reading: string | null; role: string; capacity: number; memberships: { departmentId: string }[] }) {
  return { name: u.name, reading: u.reading, role: u.role, capacity: u.capacity, departmentIds: u.memberships.map((m) => m.departmentId) };
}

function toUserView({
  memberships,
  disabledAt,
  ...u
}: { memberships: { departmentId: string }[]; disabledAt: Date | null } & Record<string, unknown>) {
  return { ...u, departmentIds: memberships.map((m) => m.departmentId), deactivated: !!disabledAt, disabledAt };
}
