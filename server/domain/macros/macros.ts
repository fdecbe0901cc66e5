import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { findVisibleConversation, requireRole } from "~/server/domain/access.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { AppError, notFound, parseInput } from "~/server/lib/errors.ts";
import { actionsSchema } from "~/server/domain/automation/rule-schema.ts";
import { runActions } from "~/server/domain/automation/actions.ts";
import { checkReferences } from "~/server/domain/automation/automation-rules.ts";
import { definitionChange, recordAudit } from "~/server/domain/audit/record-audit.ts";

/**
 * Macros (issue 12): named bundles of the automation actions an agent runs on a conversation in one
 * click or with its shortcut key. They run as the agent, with the agent's permissions and name on the
 * timeline, and their changes trigger rules like any agent's.
 */
const fields = {
  name: z.string().trim().min(1).max(120),
  /** One key pressed with Alt in the conversation view (letters or digits). */
  shortcut: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]$/, "one letter or digit")
    .nullable(),
  actions: actionsSchema,
};
export const newMacro = z.object({ ...fields, shortcut: fields.shortcut.default(null) }).strict();
export const macroPatch = z.object(fields).partial().strict();
export const runMacroInput = z.object({ conversationId: z.string().min(1).max(64) }).strict();

const select = { id: true, name: true, shortcut: true, actions: true, createdAt: true, updatedAt: true } as const;

export async function listMacros(ctx: AppContext, actor: Actor) {
  requireRole(actor, "admin", "agent", "viewer");
  return ctx.db.macro.findMany({ orderBy: { name: "asc" }, select });
}

export async function createMacro(ctx: AppContext, actor: Actor, raw: unknown) {
  requireRole(actor, "admin");
  const input = parseInput(newMacro, raw);
  await checkReferences(ctx, [], input.actions);
  return unique(() =>
    ctx.db.$transaction(async (tx) => {
      const macro = await tx.macro.create({ data: { ...input, actions: input.actions as Prisma.InputJsonValue }, select });
      await recordAudit(tx, definitionChange(actor, "macro.created", macro, { after: input }));
      return macro;
    }),
  );
}

export async function updateMacro(ctx: AppContext, actor: Actor, id: string, raw: unknown) {
  requireRole(actor, "admin");
  const patch = parseInput(macroPatch, raw);
  if (patch.actions) await checkReferences(ctx, [], patch.actions);
  const current = await findMacro(ctx, id);
  return unique(() =>
    ctx.db.$transaction(async (tx) => {
      const macro = await tx.macro.update({
        where: { id },
        data: { ...patch, actions: patch.actions as Prisma.InputJsonValue | undefined },
        select,
      });
      const old = Object.fromEntries(Object.keys(patch).map((k) => [k, current[k as keyof typeof current]]));
      await recordAudit(tx, definitionChange(actor, "macro.updated", macro, { before: old, after: patch }));
      return macro;
    }),
  );
}

export async function deleteMacro(ctx: AppContext, actor: Actor, id: string) {
  requireRole(actor, "admin");
  const { createdAt: _c, updatedAt: _u, ...macro } = await findMacro(ctx, id);
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.macro.deleteMany({ where: { id } });
    if (count === 0) throw notFound("Macro");
    await recordAudit(tx, definitionChange(actor, "macro.deleted", macro, { before: macro }));
  });
}

/** Runs a macro's actions in order on a conversation the agent may see; failures are reported per action. */
export async function runMacro(ctx: AppContext, actor: Actor, id: string, raw: unknown) {
  requireRole(actor, "admin", "agent");
  const { conversationId } = parseInput(runMacroInput, raw);
  const macro = await findMacro(ctx, id);
  await findVisibleConversation(ctx, actor, conversationId, { id: true });
  const { failures } = await runActions(ctx, { actor }, conversationId, actionsSchema.parse(macro.actions));
  return { ran: macro.name, failures };
}

async function findMacro(ctx: AppContext, id: string) {
  const macro = await ctx.db.macro.findUnique({ where: { id }, select });
  if (!macro) throw notFound("Macro");
  return macro;
}

async function unique<T>(write: () => Promise<T>) {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", "A macro with this name or shortcut exists");
    throw err;
  }
}
