import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { AppError, badRequest, parseInput } from "~/server/lib/errors.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";
import { hashPassword, passwordPolicyError } from "~/server/lib/password.ts";
import { roleSchema } from "~/common/vocabulary.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";

export const createUserInput = z.object({
  email: z.string().trim().toLowerCase().email(),
  name: z.string().trim().min(1).max(120),
  /** Romaji or kana reading of the name; "@sato" then finds 佐藤 健二. */
  reading: z
    .string()
    .trim()
    .max(120)
    .transform((v) => v.normalize("NFKC") || null)
    .nullish(),
  role: roleSchema,
  password: z.string(),
  departmentIds: z.array(z.string().min(1)).default([]),
  locale: z.enum(["en", "ja"]).default("en"),
});

export async function createUser(ctx: AppContext, actor: Actor | "system", raw: unknown) {
  if (actor !== "system") requireRole(actor, "admin");
  const input = parseInput(createUserInput, raw);
  const weak = passwordPolicyError(input.password);
  if (weak) throw badRequest(`password: ${weak}`);
  const departments = await ctx.db.department.count({ where: { id: { in: input.departmentIds } } });
  if (departments !== new Set(input.departmentIds).size) throw badRequest("departmentIds: unknown department");
  try {
    const passwordHash = await hashPassword(input.password);
    return await ctx.db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          reading: input.reading ?? null,
          role: input.role,
          locale: input.locale,
          passwordHash,
          memberships: { create: [...new Set(input.departmentIds)].map((departmentId) => ({ departmentId })) },
        },
        select: { id: true, email: true, name: true, role: true, locale: true, memberships: { select: { departmentId: true } } },
      });
      const { memberships, ...shown } = user;
      await recordAudit(tx, {
        ...by(actor),
        action: "user.created",
        targetType: "user",
        targetId: user.id,
        targetLabel: user.email,
        after: { ...shown, departmentIds: memberships.map((m) => m.departmentId) },
      });
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", "A user with this email already exists");
    throw err;
  }
}
