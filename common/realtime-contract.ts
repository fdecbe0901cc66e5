import { z } from "zod";
import {
  type AgentStatus,
  type ChannelKind,
  type ComposeKind,
  type ConversationStatus,
  type MessageDirection,
  type MessageKind,
  type Priority,
  type SlaTarget,
  composeKindSchema,
  SETTABLE_AGENT_STATUSES,
} from "./vocabulary.ts";
import type { NotificationText } from "./notification-text.ts";

/**
 * The typed realtime contract shared by server/ and app/ (types and zod only).
 * Server → client events are past tense; client → server commands answer with an Ack.
 * Room names are the server's business (server/realtime/rooms.ts).
 */
export type { ChannelKind, ConversationStatus, Priority } from "./vocabulary.ts";

export interface RealtimeMessage {
  id: string;
  direction: MessageDirection;
  kind: MessageKind;
  channel: ChannelKind;
  text: string;
  html: string | null;
  /** Set instead of `html` when the body is too large to inline (issue 17, finding 6): fetch it from here. */
  htmlUrl: string | null;
  createdAt: string;
  author: { type: "user" | "contact"; id: string; name: string } | null;
  deliveryStatus: string | null;
  deliveryError: string | null;
  attachments: { id: string; filename: string; contentType: string; size: number }[];
  meta: Record<string, unknown>;
  /** A held reply in its undo window goes out at this time (decision 027); null once it is on its way. */
  sendAt?: string | null;
}

export interface ConversationSummary {
  id: string;
  number: number;
  subject: string;
  status: ConversationStatus;
  priority: Priority;
  tags: string[];
  channel: ChannelKind;
  inboxId: string;
  contactId: string;
  contactName: string;
  departmentId: string | null;
  assigneeId: string | null;
  lastActivityAt: string;
  snoozedUntil: string | null;
  /** authorUserId: the agent who wrote it (null for the customer); deliveryStatus: of an outgoing reply. */
  lastMessage: {
    text: string;
    direction: string;
    kind: string;
    createdAt: string;
    authorUserId: string | null;
    deliveryStatus: string | null;
  } | null;
  /** Newest customer message; unread for an agent when newer than their lastReadAt. */
  lastCustomerMessageAt: string | null;
  /** SLA targets of the policy that applied (issue 12); null when no policy applies. */
  sla: ConversationSla | null;
  /** Per agent, in list responses only (broadcast events omit it: compare lastCustomerMessageAt). */
  unread?: boolean;
  lastReadAt?: string | null;
}

export interface MessageCreatedEvent {
  conversationId: string;
  contactId: string;
  message: RealtimeMessage;
  /**
   * When the message changed its conversation (inbound message, reply, note, assignment…), the
   * conversation's new list row and what changed: no separate `conversation:updated` follows.
   */
  conversation?: ConversationSummary;
  changes?: string[];
}
export interface MessageUpdatedEvent {
  conversationId: string;
  contactId: string;
  message: RealtimeMessage;
}
/** A held reply was undone in its window: drop it from the timeline. */
export interface MessageRemovedEvent {
  conversationId: string;
  contactId: string;
  messageId: string;
}
/** A conversation changed without a new message; consumers of list rows also read message:created. */
export interface ConversationUpdatedEvent {
  conversation: ConversationSummary;
  /** Fields that changed, for clients that only care about some. */
  changes: string[];
}
export interface PresenceChangedEvent {
  conversationId: string;
  viewers: { userId: string; name: string }[];
  typing: { userId: string; name: string; kind: ComposeKind }[];
  contactTyping?: boolean;
}
export interface AgentStatusChange {
  userId: string;
  status: AgentStatus;
}
/** Agents whose status changed, batched: 5,000 agents reconnecting make a few events, not 5,000. */
export interface AgentStatusChangedEvent {
  changes: AgentStatusChange[];
}
export interface NotificationCreatedEvent {
  id: string;
  kind: string;
  /** English; `text` is what the UI words in the agent's language. */
  title: string;
  text: NotificationText;
  conversationId: string | null;
  createdAt: string;
}

/** Someone started, changed or dropped an unsent draft (text stays private to its author). */
export interface DraftChangedEvent {
  conversationId: string;
  userId: string;
  name: string;
  kind: ComposeKind;
  hasDraft: boolean;
  updatedAt: string;
}
/**
 * What this agent may see changed (a department membership, role or restriction, or a conversation
 * moved): the socket's rooms were recomputed, screens should reload. `leftConversationIds` are open
 * conversations the agent may no longer see.
 */
export interface AccessChangedEvent {
  leftConversationIds: string[];
}
/** Who views a conversation, for list rows (sent to everyone who may see the conversation). */
export interface PresenceSummaryEvent {
  conversationId: string;
  viewers: { userId: string; name: string }[];
}

export interface ServerToClientEvents {
  "message:created": (e: MessageCreatedEvent) => void;
  "message:updated": (e: MessageUpdatedEvent) => void;
  "message:removed": (e: MessageRemovedEvent) => void;
  "conversation:updated": (e: ConversationUpdatedEvent) => void;
  "presence:changed": (e: PresenceChangedEvent) => void;
  "agent:status-changed": (e: AgentStatusChangedEvent) => void;
  "notification:created": (e: NotificationCreatedEvent) => void;
  "draft:changed": (e: DraftChangedEvent) => void;
  "presence:summary": (e: PresenceSummaryEvent) => void;
  "access:changed": (e: AccessChangedEvent) => void;
}

export type Ack<T = undefined> = { ok: true; data: T } | { ok: false; error: string };

export const conversationRef = /* @__PURE__ */ z.object({ conversationId: z.string().min(1).max(64) });
export const typingCommand = /* @__PURE__ */ conversationRef.extend({
  kind: composeKindSchema,
  typing: z.boolean(),
});
/** Mark a conversation read up to now (also implied by conversation:join). */
export const readCommand = conversationRef;
export const statusCommand = /* @__PURE__ */ z.object({ status: z.enum(SETTABLE_AGENT_STATUSES) });

export interface ClientToServerEvents {
  /** Join a conversation's room (view it); rejected when the agent may not see it. */
  "conversation:join": (p: z.infer<typeof conversationRef>, ack: (a: Ack) => void) => void;
  "conversation:leave": (p: z.infer<typeof conversationRef>, ack: (a: Ack) => void) => void;
  "conversation:read": (p: z.infer<typeof readCommand>, ack: (a: Ack) => void) => void;
  "typing:set": (p: z.infer<typeof typingCommand>, ack: (a: Ack) => void) => void;
  "agent:set-status": (p: z.infer<typeof statusCommand>, ack: (a: Ack) => void) => void;
  /** Viewers of every conversation the agent may see that someone is viewing (for the list). */
  "presence:snapshot": (p: Record<string, never>, ack: (a: Ack<{ items: PresenceSummaryEvent[] }>) => void) => void;
}

/**
 * A conversation's SLA state. `…DueAt`: the running targets (null when met, not started or not part of
 * the policy); `…WarnAt`: when each turns amber; `pausedAt`: the clocks stand still (pending on the
 * customer) and the due times move when they run again; `breaches`: targets missed, newest first.
 */
export interface ConversationSla {
  policyId: string | null;
  firstResponseDueAt: string | null;
  nextResponseDueAt: string | null;
  resolutionDueAt: string | null;
  firstResponseWarnAt: string | null;
  nextResponseWarnAt: string | null;
  resolutionWarnAt: string | null;
  pausedAt: string | null;
  breaches: { target: SlaTarget; dueAt: string; breachedAt: string }[];
}
