import { z } from "zod";
import { attributeEntitySchema, conversationStatusSchema, prioritySchema } from "~/common/vocabulary.ts";
import { automationEventSchema, FIELD_OPERATORS as OPS, isTimeAutomationEvent, RULE_MATCHES } from "~/common/automation-vocabulary.ts";

/**
 * The shapes of automation rules and macros (issue 12). A condition is `{ field, op, values }`; a
 * field accepts only its own operators, so a 400 names e.g. `conditions.0.op`. Adding a condition
 * (business hours, contact attributes) or an action (webhook) is one entry here and one in the
 * evaluator or runner registry (docs/decisions/017-rule-engine.md).
 */
const id = z.string().trim().min(1).max(64);
const word = z.string().trim().min(1).max(200);
const values = <T extends z.ZodType>(item: T) => z.array(item).min(1).max(50);

/** A contact or company custom attribute compared as the stored value's type (rules and SLA policies). */
export const attributeConditionSchema = z
  .object({
    field: z.literal("attribute"),
    of: z.enum(["contact", "company"]),
    key: z.string().trim().min(1).max(64),
    op: z.enum(OPS.attribute),
    value: z.union([z.string().trim().max(2000), z.number(), z.boolean()]).optional(),
  })
  .strict()
  .refine((c) => c.value !== undefined || c.op === "is_set" || c.op === "is_empty", { message: "needs a value", path: ["value"] });

export const conditionSchema = z.discriminatedUnion("field", [
  z.object({ field: z.literal("channel"), op: z.enum(OPS.channel), values: values(z.string().trim().min(1).max(40)) }).strict(),
  z.object({ field: z.literal("inbox"), op: z.enum(OPS.inbox), values: values(id) }).strict(),
  z.object({ field: z.literal("department"), op: z.enum(OPS.department), values: values(id.nullable()) }).strict(),
  z.object({ field: z.literal("status"), op: z.enum(OPS.status), values: values(conversationStatusSchema) }).strict(),
  z.object({ field: z.literal("priority"), op: z.enum(OPS.priority), values: values(prioritySchema) }).strict(),
  z
    .object({
      field: z.literal("tags"),
      op: z.enum(OPS.tags),
      values: values(z.string().trim().toLowerCase().min(1).max(40)),
    })
    .strict(),
  // A null value is "unassigned".
  z.object({ field: z.literal("assignee"), op: z.enum(OPS.assignee), values: values(id.nullable()) }).strict(),
  // The triggering message's text (or the last customer message's): any of the words, after NFKC.
  z.object({ field: z.literal("text"), op: z.enum(OPS.text), values: values(word) }).strict(),
  z
    .object({
      field: z.literal("sender"),
      op: z.enum(OPS.sender),
      values: values(z.string().trim().toLowerCase().min(1).max(320)),
    })
    .strict(),
  // The conversation's contact is (is_not: is in none) of these segments (issue 14, docs/decisions/022).
  z.object({ field: z.literal("segment"), op: z.enum(OPS.segment), values: values(id) }).strict(),
  // Whether the conversation's business hours (its department's, else its inbox's) are open now; none = always open.
  z.object({ field: z.literal("business_hours"), op: z.enum(OPS.business_hours) }).strict(),
  // A contact or company custom attribute (its definition must exist), compared as the stored value's type.
  attributeConditionSchema,
]);
export type Condition = z.infer<typeof conditionSchema>;

export const actionSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("assign_agent"), userId: id }).strict(),
  z.object({ type: z.literal("assign_department"), departmentId: id }).strict(),
  z.object({ type: z.literal("auto_assign") }).strict(),
  z.object({ type: z.literal("set_status"), status: z.enum(["open", "pending", "resolved", "closed"]) }).strict(),
  z.object({ type: z.literal("set_priority"), priority: prioritySchema }).strict(),
  z.object({ type: z.literal("add_tags"), tags: values(z.string().trim().toLowerCase().min(1).max(40)) }).strict(),
  z.object({ type: z.literal("remove_tags"), tags: values(z.string().trim().toLowerCase().min(1).max(40)) }).strict(),
  z.object({ type: z.literal("add_note"), text: z.string().trim().min(1).max(10_000) }).strict(),
  z.object({ type: z.literal("send_canned"), cannedResponseId: id }).strict(),
  // The assignee, the department's members and/or named agents.
  z
    .object({
      type: z.literal("notify_agents"),
      assignee: z.boolean().default(false),
      department: z.boolean().default(false),
      userIds: z.array(id).max(50).default([]),
    })
    .strict(),
  // The CSAT survey, whether or not the inbox sends one on resolve; the quiet period still applies.
  z.object({ type: z.literal("send_csat") }).strict(),
  // An existing outgoing webhook endpoint, through the webhook outbox, with an `automation.rule` event.
  z.object({ type: z.literal("call_webhook"), webhookId: id }).strict(),
  // A custom attribute of the conversation, its contact or the contact's company; null clears it.
  z
    .object({
      type: z.literal("set_attribute"),
      of: attributeEntitySchema,
      key: z.string().trim().min(1).max(64),
      value: z.union([z.string().trim().max(2000), z.number(), z.boolean(), z.array(z.string().max(200)).max(50)]).nullable(),
    })
    .strict(),
]);
export type Action = z.infer<typeof actionSchema>;

export const actionsSchema = z.array(actionSchema).min(1).max(20);

const ruleFields = {
  name: z.string().trim().min(1).max(120),
  enabled: z.boolean(),
  event: automationEventSchema,
  /** Time-based events only: minutes in the state with no reply (1 minute to 30 days). */
  minutes: z.number().int().min(1).max(43_200).nullable(),
  /** Time-based events only: count the minutes in the conversation's business hours. */
  businessHoursOnly: z.boolean(),
  match: z.enum(RULE_MATCHES),
  conditions: z.array(conditionSchema).max(30),
  actions: actionsSchema,
  order: z.number().int().min(0).max(1_000_000),
};

const minutesFitEvent = (r: { event?: string; minutes?: number | null; businessHoursOnly?: boolean }, ctx: z.RefinementCtx) => {
  if (r.event === undefined) return;
  if (!isTimeAutomationEvent(r.event) && r.businessHoursOnly)
    ctx.addIssue({ code: "custom", path: ["businessHoursOnly"], message: `only time-based events count business hours` });
  if (isTimeAutomationEvent(r.event) && !r.minutes)
    ctx.addIssue({ code: "custom", path: ["minutes"], message: `${r.event} needs minutes` });
  if (!isTimeAutomationEvent(r.event) && r.minutes)
    ctx.addIssue({ code: "custom", path: ["minutes"], message: `only time-based events take minutes` });
};

export const newAutomationRule = z
  .object({
    ...ruleFields,
    enabled: ruleFields.enabled.default(true),
    minutes: ruleFields.minutes.default(null),
    businessHoursOnly: ruleFields.businessHoursOnly.default(false),
    match: ruleFields.match.default("all"),
    conditions: ruleFields.conditions.default([]),
    order: ruleFields.order.optional(),
  })
  .strict()
  .superRefine(minutesFitEvent);
export const automationRulePatch = z.object(ruleFields).partial().strict();
