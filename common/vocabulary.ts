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
