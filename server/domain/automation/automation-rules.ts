import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { AppError, badRequest, notFound, parseInput } from "~/server/lib/errors.ts";
import { isTimeAutomationEvent } from "~/common/vocabulary.ts";
import { type Action, automationRulePatch, type Condition, newAutomationRule } from "./rule-schema.ts";

const select = {
  id: true,
  name: true,
  enabled: true,
  event: true,
  minutes: true,
  match: true,
  conditions: true,
  actions: true,
  order: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** Rules in the order they run (admins only, like the rest of workspace settings). */
export async function listAutomationRules(ctx: AppContext, actor: Actor) {
  requireRole(actor, "admin");
  return ctx.db.automationRule.findMany({ orderBy: [{ event: "asc" }, { order: "asc" }, { createdAt: "asc" }], select });
}

export async function getAutomationRule(ctx: AppContext, actor: Actor, id: string) {
  requireRole(actor, "admin");
  const rule = await ctx.db.automationRule.findUnique({ where: { id }, select });
  if (!rule) throw notFound("Automation rule");
  return rule;
}

export async function createAutomationRule(ctx: AppContext, actor: Actor, raw: unknown) {
  requireRole(actor, "admin");
  const input = parseInput(newAutomationRule, raw);
  await checkReferences(ctx, input.conditions, input.actions);
  // Without an order the rule runs after the event's others.
  const order =
    input.order ?? ((await ctx.db.automationRule.aggregate({ where: { event: input.event }, _max: { order: true } }))._max.order ?? -1) + 1;
  return unique(() => ctx.db.automationRule.create({ data: { ...json(input), order }, select }));
}

export async function updateAutomationRule(ctx: AppContext, actor: Actor, id: string, raw: unknown) {
  requireRole(actor, "admin");
  const patch = parseInput(automationRulePatch, raw);
  const current = await getAutomationRule(ctx, actor, id);
  const event = patch.event ?? current.event;
  const minutes = patch.minutes !== undefined ? patch.minutes : patch.event && !isTimeAutomationEvent(patch.event) ? null : current.minutes;
  if (isTimeAutomationEvent(event) && !minutes) throw badRequest(`minutes: ${event} needs minutes`);
  if (!isTimeAutomationEvent(event) && minutes) throw badRequest("minutes: only time-based events take minutes");
  await checkReferences(ctx, patch.conditions ?? [], patch.actions ?? []);
  return unique(() => ctx.db.automationRule.update({ where: { id }, data: { ...json(patch), minutes }, select }));
}

export async function deleteAutomationRule(ctx: AppContext, actor: Actor, id: string) {
  requireRole(actor, "admin");
  const { count } = await ctx.db.automationRule.deleteMany({ where: { id } });
  if (count === 0) throw notFound("Automation rule");
}

const json = <T extends { conditions?: Condition[]; actions?: Action[] }>(input: T) => ({
  ...input,
  conditions: input.conditions as Prisma.InputJsonValue | undefined,
  actions: input.actions as Prisma.InputJsonValue | undefined,
});

async function unique<T>(write: () => Promise<T>) {
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", "name: a rule with this name exists");
    throw err;
  }
}

/**
 * The agents, departments, inboxes and canned responses a rule names must exist, so a typo is a
 * 400 naming the field now and not a silent no-op later. Shared with macros.
 */
export async function checkReferences(ctx: AppContext, conditions: Condition[], actions: Action[], prefix = "") {
  const problems: string[] = [];
  const check = async (path: string, ids: (string | null)[], count: (ids: string[]) => Promise<number>) => {
    const wanted = [...new Set(ids.filter((v): v is string => v !== null))];
    if (wanted.length && (await count(wanted)) !== wanted.length) problems.push(`${prefix}${path}: unknown id`);
  };
  const users = (ids: string[]) => ctx.db.user.count({ where: { id: { in: ids }, disabledAt: null, role: { in: ["admin", "agent"] } } });
  const departments = (ids: string[]) => ctx.db.department.count({ where: { id: { in: ids } } });
  for (const [i, c] of conditions.entries()) {
    if (c.field === "assignee") await check(`conditions.${i}.values`, c.values, users);
    if (c.field === "department") await check(`conditions.${i}.values`, c.values, departments);
    if (c.field === "inbox") await check(`conditions.${i}.values`, c.values, (ids) => ctx.db.inbox.count({ where: { id: { in: ids } } }));
  }
  for (const [i, a] of actions.entries()) {
    if (a.type === "assign_agent") await check(`actions.${i}.userId`, [a.userId], users);
    if (a.type === "assign_department") await check(`actions.${i}.departmentId`, [a.departmentId], departments);
    if (a.type === "notify_agents") await check(`actions.${i}.userIds`, a.userIds, users);
    if (a.type === "send_canned") {
      await check(`actions.${i}.cannedResponseId`, [a.cannedResponseId], (ids) =>
        ctx.db.cannedResponse.count({ where: { id: { in: ids } } }),
      );
    }
  }
  if (problems.length) throw badRequest(problems.join("; "));
}
