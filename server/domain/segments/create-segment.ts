import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";
import { prepareCustomerQuery } from "~/server/domain/customers/list-customers.ts";
import { parseInput } from "~/server/lib/errors.ts";
import { checkSharing, segmentFields, segmentSelect, serializeSegment } from "./segment-access.ts";

export const createSegmentInput = z.object(segmentFields);

/** Saves a contact filter as a segment; the filter must compile for its owner (a 400 names the condition). */
export async function createSegment(ctx: AppContext, actor: Actor, raw: unknown) {
  const input = parseInput(createSegmentInput, raw);
  await prepareCustomerQuery(ctx, actor, "contact", input.filter);
  await checkSharing(ctx, actor, input.shared, input.departmentId);
  const segment = await ctx.db.$transaction(async (tx) => {
    const row = await tx.segment.create({
      data: {
        name: input.name,
        filter: input.filter,
        shared: input.shared,
        departmentId: input.shared ? (input.departmentId ?? null) : null,
        ownerId: actor.id,
      },
      select: segmentSelect,
    });
    await recordAudit(tx, {
      ...by(actor),
      action: "segment.created",
      targetType: "segment",
      targetId: row.id,
      targetLabel: row.name,
      after: { name: row.name, filter: row.filter, shared: row.shared, departmentId: row.departmentId },
    });
    return row;
  });
  return serializeSegment(segment);
}
