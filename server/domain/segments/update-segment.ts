import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";
import { prepareCustomerQuery } from "~/server/domain/customers/list-customers.ts";
import { parseInput } from "~/server/lib/errors.ts";
import {
  checkSharing,
  findVisibleSegment,
  requireSegmentEditor,
  segmentFields,
  segmentSelect,
  serializeSegment,
} from "./segment-access.ts";

export const updateSegmentInput = z.object({ ...segmentFields, shared: z.boolean() }).partial();

const definition = (s: { name: string; filter: unknown; shared: boolean; departmentId: string | null }) => ({
  name: s.name,
  filter: s.filter,
  shared: s.shared,
  departmentId: s.departmentId,
});

/** Renames, refilters or (un)shares a segment: its owner or an admin. Unsharing drops the department. */
export async function updateSegment(ctx: AppContext, actor: Actor, id: string, raw: unknown) {
  const input = parseInput(updateSegmentInput, raw);
  const current = await findVisibleSegment(ctx, actor, id);
  requireSegmentEditor(actor, current);
  if (input.filter) await prepareCustomerQuery(ctx, actor, "contact", input.filter);
  const shared = input.shared ?? current.shared;
  const departmentId = shared ? (input.departmentId === undefined ? current.departmentId : input.departmentId) : null;
  if (input.departmentId !== undefined || input.shared !== undefined) await checkSharing(ctx, actor, shared, departmentId);
  const segment = await ctx.db.$transaction(async (tx) => {
    const row = await tx.segment.update({
      where: { id },
      data: { name: input.name, filter: input.filter, shared, departmentId: departmentId ?? null },
      select: segmentSelect,
    });
    await recordAudit(tx, {
      ...by(actor),
      action: "segment.updated",
      targetType: "segment",
      targetId: id,
      targetLabel: row.name,
      before: definition(current),
      after: definition(row),
    });
    return row;
  });
  return serializeSegment(segment);
}
