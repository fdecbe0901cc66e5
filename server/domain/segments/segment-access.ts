import { z } from "zod";
import { customerFilterSchema } from "~/common/customer-filter.ts";
import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { type Actor, isAdmin } from "~/server/domain/access.ts";
import { badRequest, forbidden, notFound } from "~/server/lib/errors.ts";

/** `{ name, filter, shared, departmentId? }` (issue 14): a segment is a saved contact filter. */
export const segmentFields = {
  name: z.string().trim().min(1).max(120),
  filter: customerFilterSchema,
  /** false = private to its owner; true = shared with departmentId's members, or everyone without one. */
  shared: z.boolean().default(false),
  departmentId: z.string().min(1).max(64).nullish(),
};

/**
 * Segments a reader sees: their own, those shared with everyone, those shared with one of their
 * departments; admins also see every department's shared segments (never someone's private ones).
 */
export function visibleSegmentWhere(actor: Actor): Prisma.SegmentWhereInput {
  const sharedWithMe: Prisma.SegmentWhereInput = isAdmin(actor)
    ? { shared: true }
    : { shared: true, OR: [{ departmentId: null }, { departmentId: { in: actor.departmentIds } }] };
  return { OR: [{ ownerId: actor.id }, sharedWithMe] };
}

export const segmentSelect = {
  id: true,
  name: true,
  filter: true,
  shared: true,
  departmentId: true,
  ownerId: true,
  owner: { select: { name: true } },
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.SegmentSelect;

export async function findVisibleSegment(ctx: AppContext, actor: Actor, id: string) {
  const segment = await ctx.db.segment.findFirst({ where: { AND: [{ id }, visibleSegmentWhere(actor)] }, select: segmentSelect });
  if (!segment) throw notFound("Segment");
  return segment;
}

/** Its owner and admins change a segment; everyone it is shared with only reads it. */
export function requireSegmentEditor(actor: Actor, segment: { ownerId: string }) {
  if (!isAdmin(actor) && segment.ownerId !== actor.id) throw forbidden("Only the segment's owner or an admin can change it");
}

/** Sharing with a department needs that department to exist, and (for agents) to be one's own. */
export async function checkSharing(ctx: AppContext, actor: Actor, shared: boolean, departmentId: string | null | undefined) {
  if (!departmentId) return;
  if (!shared) throw badRequest("departmentId: only a shared segment has a department");
  const found = await ctx.db.department.findUnique({ where: { id: departmentId }, select: { id: true } });
  if (!found) throw badRequest("departmentId: no such department");
  if (!isAdmin(actor) && !actor.departmentIds.includes(departmentId)) throw forbidden("You can share only with your own departments");
}

export const serializeSegment = ({ owner, createdAt, updatedAt, ...s }: Prisma.SegmentGetPayload<{ select: typeof segmentSelect }>) => ({
  ...s,
  ownerName: owner.name,
  createdAt: createdAt.toISOString(),
  updatedAt: updatedAt.toISOString(),
});
