import type { AppContext } from "~/server/context.ts";
import { type Actor, requireRole, visibleContactWhere } from "~/server/domain/access.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";
import { notFound } from "~/server/lib/errors.ts";

/** "Not the same person": the pair is kept dismissed, so later scans do not suggest it again. */
export async function dismissDuplicate(ctx: AppContext, actor: Actor, id: string) {
  requireRole(actor, "admin", "agent");
  const visible = visibleContactWhere(actor);
  const found = await ctx.db.duplicateSuggestion.findFirst({
    where: { id, contactA: visible, contactB: visible },
    select: { id: true, dismissedAt: true, contactA: { select: { id: true, name: true } }, contactB: { select: { id: true, name: true } } },
  });
  if (!found) throw notFound("Duplicate suggestion");
  if (found.dismissedAt) return { id, dismissedAt: found.dismissedAt.toISOString() };
  const dismissedAt = new Date();
  await ctx.db.$transaction(async (tx) => {
    await tx.duplicateSuggestion.update({ where: { id }, data: { dismissedAt, dismissedById: actor.id }, select: { id: true } });
    await recordAudit(tx, {
      ...by(actor),
      action: "duplicate.dismissed",
      targetType: "duplicate",
      targetId: id,
      targetLabel: `${found.contactA.name} / ${found.contactB.name}`,
      after: { contactIds: [found.contactA.id, found.contactB.id] },
    });
  });
  return { id, dismissedAt: dismissedAt.toISOString() };
}
