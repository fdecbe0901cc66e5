import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";
import { findVisibleSegment, requireSegmentEditor } from "./segment-access.ts";

export async function deleteSegment(ctx: AppContext, actor: Actor, id: string) {
  const current = await findVisibleSegment(ctx, actor, id);
  requireSegmentEditor(actor, current);
  await ctx.db.$transaction(async (tx) => {
    await tx.segment.delete({ where: { id } });
    await recordAudit(tx, {
      ...by(actor),
      action: "segment.deleted",
      targetType: "segment",
      targetId: id,
      targetLabel: current.name,
      before: { name: current.name, filter: current.filter, shared: current.shared, departmentId: current.departmentId },
    });
  });
  return { deleted: id };
}
