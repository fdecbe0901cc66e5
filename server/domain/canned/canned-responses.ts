import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { findVisibleConversation, isAdmin, requireRole } from "~/server/domain/access.ts";
import { AppError, badRequest, forbidden, notFound, parseInput } from "~/server/lib/errors.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { firstNameOf, renderCanned } from "./render-canned.ts";

const fields = {
  shortcut: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[\p{L}\p{N}_-]{1,40}$/u, "shortcut: 1–40 letters, digits, - or _"),
  title: z.string().trim().min(1).max(120),
  body: z.string().trim().min(1).max(10_000),
  /** null = everyone; otherwise only that department's members (and admins) see it. */
  departmentId: z.string().min(1).max(64).nullable(),
};
export const newCanned = z.object({ ...fields, departmentId: fields.departmentId.default(null) }).strict();
export const cannedPatch = z.object(fields).partial().strict();

const select = { id: true, shortcut: true, title: true, body: true, departmentId: true, createdById: true, createdAt: true } as const;
const visible = (actor: Actor): Prisma.CannedResponseWhereInput =>
  isAdmin(actor) ? {} : { OR: [{ departmentId: null }, { departmentId: { in: actor.departmentIds } }] };

export async function listCannedResponses(ctx: AppContext, actor: Actor, query?: string) {
  const q = query?.trim().slice(0, 100);
  return ctx.db.cannedResponse.findMany({
    where: {
      AND: [
        visible(actor),
        q ? { OR: [{ shortcut: { startsWith: q.toLowerCase() } }, { title: { contains: q, mode: "insensitive" } }] } : {},
      ],
    },
    orderBy: { shortcut: "asc" },
    take: 200,
    select,
  });
}

export async function createCannedResponse(ctx: AppContext, actor: Actor, raw: unknown) {
  requireRole(actor, "admin", "agent");
  const input = parseInput(newCanned, raw);
  await checkDepartment(ctx, actor, input.departmentId);
  return unique(() => ctx.db.cannedResponse.create({ data: { ...input, createdById: actor.id }, select }));
}

/** Admins edit any; agents their own. */
export async function updateCannedResponse(ctx: AppContext, actor: Actor, id: string, raw: unknown) {
  const patch = parseInput(cannedPatch, raw);
  await findEditable(ctx, actor, id);
  if (patch.departmentId !== undefined) await checkDepartment(ctx, actor, patch.departmentId);
  return unique(() => ctx.db.cannedResponse.update({ where: { id }, data: patch, select }));
}

export async function deleteCannedResponse(ctx: AppContext, actor: Actor, id: string) {
  await findEditable(ctx, actor, id);
  await ctx.db.cannedResponse.delete({ where: { id } });
}

export const renderCannedInput = z.object({ conversationId: z.string().min(1).max(64) }).strict();

/** The response's text with {{contact.name}}, {{agent.name}}, {{conversation.number}}… filled in. */
export async function renderCannedResponse(ctx: AppContext, actor: Actor, id: string, raw: unknown) {
  const { conversationId } = parseInput(renderCannedInput, raw);
  const canned = await ctx.db.cannedResponse.findFirst({ where: { AND: [{ id }, visible(actor)] }, select: { body: true } });
  if (!canned) throw notFound("Canned response");
  const c = await findVisibleConversation(ctx, actor, conversationId, { number: true, subject: true, contact: { select: { name: true } } });
  return {
    text: renderCanned(canned.body, {
      contact: { name: c.contact.name, firstName: firstNameOf(c.contact.name) },
      agent: { name: actor.name, firstName: firstNameOf(actor.name) },
      conversation: { number: c.number, subject: c.subject },
    }),
  };
}

async function findEditable(ctx: AppContext, actor: Actor, id: string) {
  const row = await ctx.db.cannedResponse.findFirst({ where: { AND: [{ id }, visible(actor)] }, select: { createdById: true } });
  if (!row) throw notFound("Canned response");
  if (!isAdmin(actor) && row.createdById !== actor.id) throw forbidden("Only its author or an admin can change this canned response");
}

async function checkDepartment(ctx: AppContext, actor: Actor, departmentId: string | null) {
  if (!departmentId) return;
  if (!(await ctx.db.department.findUnique({ where: { id: departmentId }, select: { id: true } }))) throw badRequest("Unknown department");
  if (!isAdmin(actor) && !actor.departmentIds.includes(departmentId))
    throw forbidden("You can only share canned responses with your own departments");
}

async function unique<T>(fn: () => Promise<T>) {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", "Another canned response already uses this shortcut");
    throw err;
  }
}
