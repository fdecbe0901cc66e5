import { z } from "zod";

/**
 * The product's closed vocabularies. Types and zod enums derive from these arrays, so a value is
 * named once for the database enums' mirror, the REST API, the realtime contract and the UI.
 * The schemas are marked pure so the browser bundle, which uses the arrays only, leaves zod out
 * (about 24 KiB gzipped of the inbox's JavaScript, bench/README.md "ui").
 */
export const ROLES = ["admin", "agent", "viewer"] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = /* @__PURE__ */ z.enum(ROLES);

export const AGENT_STATUSES = ["online", "away", "offline"] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];
/** What an agent may set by hand (offline follows from closing the last tab). */
export const SETTABLE_AGENT_STATUSES = ["online", "away"] as const satisfies readonly AgentStatus[];

export const CONVERSATION_STATUSES = ["open", "pending", "snoozed", "resolved", "closed"] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export const conversationStatusSchema = /* @__PURE__ */ z.enum(CONVERSATION_STATUSES);

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];
export const prioritySchema = /* @__PURE__ */ z.enum(PRIORITIES);

/** Conversation lists: the actor's own, the unassigned queue, or all the actor may see. */
export const INBOX_VIEWS = ["mine", "unassigned", "all"] as const;
export type InboxView = (typeof INBOX_VIEWS)[number];
/** A list's status filter: one status, or "active" (open and pending). */
export const STATUS_FILTERS = [...CONVERSATION_STATUSES, "active"] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export const MESSAGE_DIRECTIONS = ["inbound", "outbound", "internal"] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

export const MESSAGE_KINDS = ["message", "note", "event"] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** `unknown`: the last attempt may have reached the provider and it cannot tell ("may have been sent"). */
export const DELIVERY_STATUSES = ["queued", "sending", "sent", "delivered", "undelivered", "failed", "unknown", "delayed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What an agent is composing: a reply to the customer or an internal note. */
export const COMPOSE_KINDS = ["reply", "note"] as const;
export type ComposeKind = (typeof COMPOSE_KINDS)[number];
export const composeKindSchema = /* @__PURE__ */ z.enum(COMPOSE_KINDS);

/**
 * A channel's kind ("email", "slack", …). Open on purpose: the channel registry
 * (server/channels/registry.ts) is the list, and each channel's descriptor names its kind, so adding a
 * channel touches no vocabulary (docs/decisions/005-channel-descriptors.md).
 */
export type ChannelKind = string;

/** The kind of customer address a channel speaks to ("email", "phone", …); declared by channel descriptors. */
export type IdentityKind = string;

/**
 * Whether an inbox can send what agents write: "ready"; "capture" (mail is recorded locally and not
 * sent, as in the demo); "unconfigured" (replies would fail, e.g. an email inbox without SMTP).
 */
export const OUTBOUND_READINESS = ["ready", "capture", "unconfigured"] as const;
export type OutboundReadiness = (typeof OUTBOUND_READINESS)[number];

/** SLA targets (issue 12): first reply, reply after each customer message, resolution. */
export const SLA_TARGETS = ["first_response", "next_response", "resolution"] as const;
export type SlaTarget = (typeof SLA_TARGETS)[number];
export const slaTargetSchema = /* @__PURE__ */ z.enum(SLA_TARGETS);
/** English names of the targets, for the texts the server stores (timeline lines, notification titles). */
export const SLA_TARGET_NAMES: Record<SlaTarget, string> = {
  first_response: "first response",
  next_response: "next response",
  resolution: "resolution",
};
/** What an SLA clock announces: the warning threshold passed, or the target was missed. */
export const SLA_ALERTS = ["warning", "breached"] as const;
export type SlaAlert = (typeof SLA_ALERTS)[number];
/**
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
/**
 * Events an outgoing webhook can subscribe to (issue 15). A feature that publishes a new kind of event
 * adds one entry here (CSAT received, SLA breached) and maps its bus event in server/domain/webhooks/.
 */
export const WEBHOOK_EVENTS = [
  "conversation.created",
  "conversation.updated",
  "conversation.resolved",
  "message.created.inbound",
  "message.created.outbound",
  "message.created.note",
  "contact.created",
  "contact.updated",
  "sla.breached",
  "csat.received",
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
export const webhookEventSchema = /* @__PURE__ */ z.enum(WEBHOOK_EVENTS);

/** A webhook delivery: waiting for (another) attempt, accepted with a 2xx, or given up. */
export const WEBHOOK_DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/** What retention does to a conversation closed long ago: delete it, or keep it without personal data. */
export const RETENTION_ACTIONS = ["erase", "anonymise"] as const;
export type RetentionAction = (typeof RETENTION_ACTIONS)[number];
export const retentionActionSchema = /* @__PURE__ */ z.enum(RETENTION_ACTIONS);
/**
 * How far a channel authenticated a message's sender (email: DMARC over SPF and DKIM, issue 16):
 * "pass" vouched for, "fail" the sender's domain says it is not theirs, "none" nothing vouches either way.
 */
export const SENDER_AUTH_VERDICTS = ["pass", "fail", "none"] as const;
export type SenderAuthVerdict = (typeof SENDER_AUTH_VERDICTS)[number];

/** Why a message is flagged unverified (docs/decisions/014-unverified-senders.md); shown with the badge. */
export const UNVERIFIED_REASONS = ["auth_failed", "known_sender_unauthenticated"] as const;
export type UnverifiedReason = (typeof UNVERIFIED_REASONS)[number];
/** Search (issue 11): what a hit is, and the result orders. */
export const SEARCH_HIT_KINDS = ["message", "note", "subject"] as const;
export type SearchHitKind = (typeof SEARCH_HIT_KINDS)[number];
export const SEARCH_SORTS = ["relevance", "newest"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];
export const searchSortSchema = /* @__PURE__ */ z.enum(SEARCH_SORTS);
/** What custom attributes describe, and the types of their values (issue 14). */
export const ATTRIBUTE_ENTITIES = ["contact", "company", "conversation"] as const;
export type AttributeEntity = (typeof ATTRIBUTE_ENTITIES)[number];
export const attributeEntitySchema = /* @__PURE__ */ z.enum(ATTRIBUTE_ENTITIES);

export const ATTRIBUTE_TYPES = ["text", "number", "date", "single_select", "multi_select", "checkbox", "url"] as const;
export type AttributeType = (typeof ATTRIBUTE_TYPES)[number];
export const attributeTypeSchema = /* @__PURE__ */ z.enum(ATTRIBUTE_TYPES);
/**
 * What the audit log records (issue 15, docs/decisions/018-audit-log.md), `<target>.<verb>`. Adding an
 * audited action is one entry here and one `recordAudit` call in the flow.
 */
export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "user.created",
  "user.updated",
  "user.deactivated",
  "user.reactivated",
  "department.created",
  "department.updated",
  "inbox.created",
  "inbox.updated",
  "inbox.secrets_replaced",
  "inbox.enabled",
  "inbox.disabled",
  "inbox.connection_tested",
  "api_token.created",
  "api_token.revoked",
  "contact.merged",
  "import.run",
  "duplicate.dismissed",
  "conversation.merged",
  "conversation.restricted_read",
  "contact.exported",
  "contact.erased",
  "retention.policy_updated",
  "retention.run",
  "segment.created",
  "segment.updated",
  "segment.deleted",
  "sla_policy.created",
  "sla_policy.updated",
  "sla_policy.deleted",
  "automation_rule.created",
  "automation_rule.updated",
  "automation_rule.deleted",
  "macro.created",
  "macro.updated",
  "macro.deleted",
  "business_hours.created",
  "business_hours.updated",
  "business_hours.deleted",
  "attribute.created",
  "attribute.updated",
  "attribute.deleted",
  "contact.attributes_changed",
  "company.attributes_changed",
  "conversation.attributes_changed",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const auditActionSchema = /* @__PURE__ */ z.enum(AUDIT_ACTIONS);

/** What an audit entry is about. */
export const AUDIT_TARGET_TYPES = [
  "user",
  "department",
  "inbox",
  "api_token",
  "contact",
  "conversation",
  "retention_policy",
  "segment",
  "import",
  "duplicate",
  "sla_policy",
  "automation_rule",
  "macro",
  "business_hours",
  "attribute",
  "company",
] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];

/** CSV imports (issue 14, docs/decisions/023-import-and-duplicates.md). */
export const IMPORT_ENTITIES = ["contact", "company"] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];
export const importEntitySchema = /* @__PURE__ */ z.enum(IMPORT_ENTITIES);
export const IMPORT_STATUSES = ["awaiting_mapping", "queued", "running", "done", "failed"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
/** What an import did (or, in a dry run, would do) with one row. */
export const IMPORT_ROW_ACTIONS = ["create", "update", "unchanged", "reject"] as const;
export type ImportRowAction = (typeof IMPORT_ROW_ACTIONS)[number];

/** Why two contacts are suggested as one person (decision 023). */
export const DUPLICATE_REASONS = ["phone", "email", "name", "reading"] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];

/** The conversation list's row height, an agent's preference (issue 10). */
export const LIST_DENSITIES = ["comfortable", "compact"] as const;
export type ListDensity = (typeof LIST_DENSITIES)[number];
export const listDensitySchema = /* @__PURE__ */ z.enum(LIST_DENSITIES);
