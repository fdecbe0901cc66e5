import { z } from "zod";
import type { AttributeType } from "./vocabulary.ts";

/**
 * The vocabulary of automation rules and macros (common/vocabulary.ts explains the pattern).
 * What an automation rule reacts to (issue 12; docs/decisions/017-rule-engine.md). The `*_no_reply`
 * events are time-based: the conversation has been in that state for the rule's `minutes` with no
 * message either way. SLA warning/breach join this list as one entry each.
 */
export const AUTOMATION_EVENTS = [
  "conversation_created",
  "customer_message",
  "agent_reply",
  "conversation_updated",
  "open_no_reply",
  "pending_no_reply",
  "unassigned_no_reply",
  "sla_warning",
  "sla_breached",
] as const;
export type AutomationEvent = (typeof AUTOMATION_EVENTS)[number];
export const automationEventSchema = /* @__PURE__ */ z.enum(AUTOMATION_EVENTS);
/** The time-based events: rules of these carry `minutes`. */
export const TIME_AUTOMATION_EVENTS = [
  "open_no_reply",
  "pending_no_reply",
  "unassigned_no_reply",
] as const satisfies readonly AutomationEvent[];
export const isTimeAutomationEvent = (e: string): e is (typeof TIME_AUTOMATION_EVENTS)[number] =>
  (TIME_AUTOMATION_EVENTS as readonly string[]).includes(e);

/** Whether a rule needs all of its conditions or any one of them. */
export const RULE_MATCHES = ["all", "any"] as const;
export type RuleMatch = (typeof RULE_MATCHES)[number];

/** What a rule condition looks at; each field has its own operators (server/domain/automation/conditions.ts). */
export const CONDITION_FIELDS = [
  "channel",
  "inbox",
  "department",
  "status",
  "priority",
  "tags",
  "assignee",
  "text",
  "sender",
  "business_hours",
  "attribute",
  "segment",
] as const;
export type ConditionField = (typeof CONDITION_FIELDS)[number];
/** Operators, shared by the fields that take them. */
export const CONDITION_OPERATORS = [
  "is",
  "is_not",
  "has_any",
  "has_all",
  "has_none",
  "contains",
  "not_contains",
  "email_is",
  "domain_is",
  "within",
  "outside",
  "equals",
  "not_equals",
  "greater_than",
  "less_than",
  "is_set",
  "is_empty",
] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];
/** The operators each condition field takes (the rule schema and the rule editor both read this). */
export const FIELD_OPERATORS = {
  channel: ["is", "is_not"],
  inbox: ["is", "is_not"],
  department: ["is", "is_not"],
  status: ["is", "is_not"],
  priority: ["is", "is_not"],
  tags: ["has_any", "has_all", "has_none"],
  assignee: ["is", "is_not"],
  text: ["contains", "not_contains"],
  sender: ["email_is", "domain_is"],
  business_hours: ["within", "outside"],
  attribute: ["equals", "not_equals", "contains", "greater_than", "less_than", "is_set", "is_empty"],
  segment: ["is", "is_not"],
} as const satisfies Record<ConditionField, readonly ConditionOperator[]>;
/** Which operators an attribute condition takes by the attribute's type ("is set" / "is empty" fit every type). */
export const ATTRIBUTE_TYPE_OPERATORS = {
  text: ["equals", "not_equals", "contains", "is_set", "is_empty"],
  url: ["equals", "not_equals", "contains", "is_set", "is_empty"],
  number: ["equals", "not_equals", "greater_than", "less_than", "is_set", "is_empty"],
  date: ["equals", "not_equals", "greater_than", "less_than", "is_set", "is_empty"],
  single_select: ["equals", "not_equals", "is_set", "is_empty"],
  multi_select: ["contains", "not_equals", "is_set", "is_empty"],
  checkbox: ["equals", "not_equals", "is_set", "is_empty"],
} as const satisfies Record<AttributeType, readonly (typeof FIELD_OPERATORS.attribute)[number][]>;

/** What a rule or a macro does to a conversation. */
export const ACTION_TYPES = [
  "assign_agent",
  "assign_department",
  "auto_assign",
  "set_status",
  "set_priority",
  "add_tags",
  "remove_tags",
  "add_note",
  "send_canned",
  "notify_agents",
  "send_csat",
  "call_webhook",
  "set_attribute",
] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
