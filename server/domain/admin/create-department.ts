import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { AppError, parseInput } from "~/server/lib/errors.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";

export const createDepartmentInput = z.object({
  name: z.string().trim().min(1).max(80),
  restricted: z.boolean().default(false),
  autoAssign: z.boolean().default(false),
});

export async function createDepartment(ctx: AppContext, actor: Actor | "system", raw: unknown) {
  if (actor !== "system") requireRole(actor, "admin");
  const input = parseInput(createDepartmentInput, raw);
  try {
    return await ctx.db.$transaction(async (tx) => {
      const department = await tx.department.create({
        data: input,
        select: { id: true, name: true, restricted: true, autoAssign: true, createdAt: true },
      });
      const audit = { ...by(actor), targetType: "department" as const, targetId: department.id, targetLabel: department.name };
      await recordAudit(tx, { ...audit, action: "department.created", after: input });
      return department;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", "A department with this name already exists");
    throw err;
  }
}
