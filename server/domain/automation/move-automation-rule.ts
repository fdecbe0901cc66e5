import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { notFound } from "~/server/lib/errors.ts";
import { forgetRules } from "./run-rules.ts";

/**
 * Moves a rule one place up or down among the rules of its event (the order they run in), and
 * numbers that event's rules 0, 1, 2 … again so equal or sparse orders cannot confuse a later move.
 */
export async function moveAutomationRule(ctx: AppContext, actor: Actor, id: string, direction: "up" | "down") {
  requireRole(actor, "admin");
  const moved = await ctx.db.$transaction(async (tx) => {
    const rule = await tx.automationRule.findUnique({ where: { id }, select: { event: true } });
    if (!rule) throw notFound("Automation rule");
    const siblings = await tx.automationRule.findMany({
      where: { event: rule.event },
      orderBy: [{ order: "asc" }, { createdAt: "asc" }],
      select: { id: true, order: true },
    });
    const ids = siblings.map((s) => s.id);
    const from = ids.indexOf(id);
    const to = direction === "up" ? from - 1 : from + 1;
    if (to < 0 || to >= ids.length) return { id, order: from };
    [ids[from], ids[to]] = [ids[to]!, ids[from]!];
    for (const [order, ruleId] of ids.entries()) {
      if (siblings.find((s) => s.id === ruleId)?.order !== order)
        await tx.automationRule.update({ where: { id: ruleId }, data: { order } });
    }
    return { id, order: to };
  });
  forgetRules(ctx);
  return moved;
}
