import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { AppError, badRequest, notFound, parseInput } from "~/server/lib/errors.ts";
import type { AttributeType } from "~/common/vocabulary.ts";
import { ATTRIBUTE_TYPE_OPERATORS, isTimeAutomationEvent } from "~/common/automation-vocabulary.ts";
import { checkAttributeValue } from "~/server/domain/attributes/attribute-values.ts";
import { validateAttributeValues } from "~/server/domain/attributes/validate-attribute-values.ts";
import { definitionChange, recordAudit } from "~/server/domain/audit/record-audit.ts";
import { forgetRules } from "./run-rules.ts";
import { type Action, automationRulePatch, type Condition, newAutomationRule } from "./rule-schema.ts";

const select = {
  id: true,
  name: true,
  enabled: true,
  event: true,
  minutes: true,
  businessHoursOnly: true,
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
  const created = await unique(() =>
    ctx.db.$transaction(async (tx) => {
      const rule = await tx.automationRule.create({ data: { ...json(input), order }, select });
      await recordAudit(tx, definitionChange(actor, "automation_rule.created", rule, { after: input }));
      return rule;
    }),
  );
  forgetRules(ctx);
  return created;
}

export async function updateAutomationRule(ctx: AppContext, actor: Actor, id: string, raw: unknown) {
  requireRole(actor, "admin");
  const patch = parseInput(automationRulePatch, raw);
  const current = await getAutomationRule(ctx, actor, id);
  const event = patch.event ?? current.event;
  const minutes = patch.minutes !== undefined ? patch.minutes : patch.event && !isTimeAutomationEvent(patch.event) ? null : current.minutes;
  if (isTimeAutomationEvent(event) && !minutes) throw badRequest(`minutes: ${event} needs minutes`);
  if (!isTimeAutomationEvent(event) && minutes) throw badRequest("minutes: only time-based events take minutes");
  const businessHoursOnly = isTimeAutomationEvent(event) ? (patch.businessHoursOnly ?? current.businessHoursOnly) : false;
  if (patch.businessHoursOnly && !isTimeAutomationEvent(event))
    throw badRequest("businessHoursOnly: only time-based events count business hours");
  await checkReferences(ctx, patch.conditions ?? [], patch.actions ?? []);
  const updated = await unique(() =>
    ctx.db.$transaction(async (tx) => {
      const rule = await tx.automationRule.update({ where: { id }, data: { ...json(patch), minutes, businessHoursOnly }, select });
      const old = Object.fromEntries(Object.keys(patch).map((k) => [k, current[k as keyof typeof current]]));
      await recordAudit(tx, definitionChange(actor, "automation_rule.updated", rule, { before: old, after: patch }));
      return rule;
    }),
  );
  forgetRules(ctx);
  return updated;
}

export async function deleteAutomationRule(ctx: AppContext, actor: Actor, id: string) {
  const { createdAt: _c, updatedAt: _u, ...rule } = await getAutomationRule(ctx, actor, id);
  await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.automationRule.deleteMany({ where: { id } });
    if (count === 0) throw notFound("Automation rule");
    await recordAudit(tx, definitionChange(actor, "automation_rule.deleted", rule, { before: rule }));
  });
  forgetRules(ctx);
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
    if (c.field === "attribute") {
      const problem = await attributeProblem(ctx, c);
      if (problem) problems.push(`${prefix}conditions.${i}.${problem}`);
    }
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
    if (a.type === "call_webhook") {
      await check(`actions.${i}.webhookId`, [a.webhookId], (ids) => ctx.db.webhookEndpoint.count({ where: { id: { in: ids } } }));
    }
    if (a.type === "set_attribute") {
      const problem = await attributeValueProblem(ctx, a);
      if (problem) problems.push(`${prefix}actions.${i}.${problem}`);
    }
  }
  if (problems.length) throw badRequest(problems.join("; "));
}

/** The attribute must be defined for its entity and the value fit it, as the system will write it. */
async function attributeValueProblem(ctx: AppContext, a: Extract<Action, { type: "set_attribute" }>) {
  try {
    await validateAttributeValues(ctx, null, a.of, { [a.key]: a.value });
    return null;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return err.message.includes("no such attribute") ? `key: no ${a.of} attribute "${a.key}"` : `value: ${err.message}`;
  }
}

/** The attribute must be defined for its entity, take the operator, and the value must fit its type. */
async function attributeProblem(ctx: AppContext, c: Extract<Condition, { field: "attribute" }>) {
  const definition = await ctx.db.attributeDefinition.findUnique({
    where: { entity_key: { entity: c.of, key: c.key } },
    select: { key: true, label: true, type: true, options: true },
  });
  if (!definition) return `key: no ${c.of} attribute "${c.key}"`;
  if (c.op === "is_set" || c.op === "is_empty") return null;
  const ops: readonly string[] = ATTRIBUTE_TYPE_OPERATORS[definition.type as AttributeType] ?? [];
  if (!ops.includes(c.op)) return `op: ${definition.type} attributes do not take ${c.op}`;
  // A multi-select compares one of its options.
  const rule = definition.type === "multi_select" ? { ...definition, type: "single_select" } : definition;
  const checked = checkAttributeValue(rule, c.value);
  return "error" in checked ? `value: ${checked.error}` : null;
}
