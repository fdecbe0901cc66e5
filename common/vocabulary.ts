import { z } from "zod";

/**
 * The product's closed vocabularies. Types and zod enums derive from these arrays, so a value is
 * named once for the database enums' mirror, the REST API, the realtime contract and the UI.
 */
export const ROLES = ["admin", "agent", "viewer"] as const;
export type Role = (typeof ROLES)[number];
export const roleSchema = z.enum(ROLES);

export const AGENT_STATUSES = ["online", "away", "offline"] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];
/** What an agent may set by hand (offline follows from closing the last tab). */
export const SETTABLE_AGENT_STATUSES = ["online", "away"] as const satisfies readonly AgentStatus[];

export const CONVERSATION_STATUSES = ["open", "pending", "snoozed", "resolved", "closed"] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];
export const conversationStatusSchema = z.enum(CONVERSATION_STATUSES);

export const PRIORITIES = ["low", "normal", "high", "urgent"] as const;
export type Priority = (typeof PRIORITIES)[number];
export const prioritySchema = z.enum(PRIORITIES);

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
export const DELIVERY_STATUSES = ["queued", "sending", "sent", "delivered", "undelivered", "failed", "unknown"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What an agent is composing: a reply to the customer or an internal note. */
export const COMPOSE_KINDS = ["reply", "note"] as const;
export type ComposeKind = (typeof COMPOSE_KINDS)[number];
export const composeKindSchema = z.enum(COMPOSE_KINDS);

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
  "conversation.merged",
  "conversation.restricted_read",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
export const auditActionSchema = z.enum(AUDIT_ACTIONS);

/** What an audit entry is about. */
export const AUDIT_TARGET_TYPES = ["user", "department", "inbox", "api_token", "contact", "conversation"] as const;
export type AuditTargetType = (typeof AUDIT_TARGET_TYPES)[number];
