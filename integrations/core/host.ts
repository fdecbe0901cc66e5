import type { ChannelKind } from "~/common/vocabulary.ts";
import type { Address, InboundAttachment, InboundMessage } from "./inbound-message.ts";

/**
 * What the rest of Switchboard offers an adapter, as small ports. An adapter function takes only the
 * ports it uses (sending needs the infrastructure alone), so a test double stays small and a
 * channel-specific need shows up as a port of its own instead of another member of one big host.
 * Implemented in server/channels/host.ts; integrations/core/testing/memory-host.ts is the test double.
 */

/** An inbox as adapters see it: validated config with secrets already decrypted. */
export interface InboxRuntime<Config = Record<string, unknown>> {
  id: string;
  kind: ChannelKind;
  name: string;
  enabled: boolean;
  config: Config;
  state: Record<string, unknown>;
}

/** Configuration, logging and cross-node services every adapter may use. */
export interface HostInfrastructure {
  publicUrl: string;
  dataDir: string;
  log: { info(msg: string): void; warn(msg: string): void; error(msg: string): void };
  /**
   * `cached`: a copy at most a few seconds old when edited on another node (an edit on this node is
   * seen at once), shared and frozen, so never change it; for webhooks, which read it on every request.
   */
  getInbox<C = Record<string, unknown>>(inboxId: string, options?: { cached?: boolean }): Promise<InboxRuntime<C> | null>;
  /** `cached`: as for getInbox; a caller that finds no inbox in it asks again without, before refusing. */
  listInboxes<C = Record<string, unknown>>(kind: ChannelKind, options?: { cached?: boolean }): Promise<InboxRuntime<C>[]>;
  /** Merged into the inbox's state (cursors, health shown to admins) without dropping other keys. */
  saveInboxState(inboxId: string, patch: Record<string, unknown>): Promise<void>;
  subscribe(listener: (event: HostEvent) => void): () => void;
  /** A key derived from the server secret for one purpose (web chat visitor tokens); the same on every node. */
  signingKey(purpose: string): Buffer;
  /** True for a failure that passes (the database restarting): answer "retry later" (503), not a 500. */
  isTemporaryFailure(err: unknown): boolean;
  /** Fixed-window limit shared by all nodes (with Redis); ok is false once `limit` is exceeded in the window. */
  rateLimit(key: string, rule: { limit: number; windowMs: number }): Promise<{ ok: boolean; retryAfterMs: number }>;
  /**
   * A lease shared by all nodes (one IMAP poller per mailbox): claim takes a free or expired lease, or renews
   * this node's own, and says whether this node holds it; release gives it up. Keys are the adapter's own.
   */
  leases: {
    claim(key: string, ttlMs: number): Promise<boolean>;
    release(key: string): Promise<void>;
  };
}

export interface IngestResult {
  messageId: string;
  conversationId: string;
  /** When the first delivery of this provider id was stored; the same for every retry. */
  receivedAt: Date;
  /** True when this provider id was already stored: a provider retry, nothing changed. */
  duplicate: boolean;
  /** An auto-reply (decision 013): stored on the timeline, answered by nothing automatic. */
  automated?: boolean;
}

export interface DeliveryUpdate {
  /** "delayed": still being retried by a remote MTA, informational. */
  status: "sent" | "delivered" | "undelivered" | "failed" | "delayed";
  error?: string;
  meta?: Record<string, unknown>;
}

/** A remote mail system's report on mail we sent (decision 013). */
export interface BounceReport {
  /** The bounced mail's provider id; null when the report quotes none. */
  originalMessageId: string | null;
  failed: boolean;
  delayed: boolean;
  /** A success report: the message reached the mailbox. */
  delivered: boolean;
  /** The address itself is bad: mark it undeliverable. */
  hard: boolean;
  reason: string;
  /** The address that bounced, when the report names it. */
  recipient?: string;
  /** The report's own provider id, kept on the bounced message. */
  reportId: string;
}

/** What a provider tells us: messages, raw events, delivery reports, edits and follow-up work. */
export interface InboundPort {
  /** Idempotent on (inbox, providerMessageId). */
  ingest(inboxId: string, message: InboundMessage): Promise<IngestResult>;
  /** Persist a raw provider payload before acknowledging it; duplicate when the event id was seen. */
  persistRawEvent(inboxId: string, providerEventId: string, payload: Buffer): Promise<{ id: string; duplicate: boolean }>;
  markRawEvent(id: string, outcome: { ok: true } | { ok: false; error: string }): Promise<void>;
  updateDelivery(inboxId: string, providerMessageId: string, update: DeliveryUpdate): Promise<unknown>;
  /** Apply a bounce or delay report; `tied` when it matched a message this inbox sent. Never creates a conversation. */
  recordBounce(inboxId: string, report: BounceReport): Promise<{ tied: boolean }>;
  /** A feedback report (ARF) says these addresses marked our mail as spam at `at`; returns how many identities it marked. */
  recordComplaint(inboxId: string, addresses: Address[], at: Date): Promise<{ marked: number }>;
  /** Mark an inbound or outbound message edited/deleted by the provider; history is kept. */
  updateProviderMessage(
    inboxId: string,
    providerMessageId: string,
    change: { text?: string; deleted?: boolean; meta?: Record<string, unknown> },
  ): Promise<void>;
  /** Add files to an already stored message (media fetched after the webhook was acknowledged). */
  addAttachments(messageId: string, attachments: InboundAttachment[]): Promise<void>;
  /** The conversation of a stored provider id (e.g. to find the conversation of a Slack thread parent). */
  findConversationByProviderId(inboxId: string, providerMessageId: string): Promise<{ conversationId: string } | null>;
  /** Queue adapter background work (e.g. MMS media download), run later by adapter.runJob with retries. */
  enqueueJob(inboxId: string, payload: Record<string, unknown>, opts?: { delayMs?: number; messageId?: string }): Promise<void>;
}

/** Facts a provider vouches for about a person's addresses. */
export interface IdentityPort {
  /**
   * A keyword message (SMS STOP / START) first received at `at` sets the address's consent, unless a
   * keyword received later (or this one) has already set it: providers retry and reorder webhooks, and an
   * older STOP must not undo a newer START.
   */
  setOptOut(address: Address, optedOut: boolean, at: Date): Promise<void>;
  /**
   * The provider vouches that `from` also owns `alias` (a chat visitor leaving their email). Creates what is
   * missing; when the alias already belongs to another contact, `from` and the conversations it wrote move
   * to that contact so the person has one timeline. A display name fills a placeholder name only.
   */
  linkIdentity(from: Address, alias: Address, displayName?: string): Promise<{ contactId: string }>;
}

/** A customer-visible message of a visitor's thread (never notes or events). */
export interface VisitorMessage {
  id: string;
  direction: "inbound" | "outbound";
  text: string;
  createdAt: string;
  /** The agent's name on replies; null on the visitor's own messages. */
  authorName: string | null;
  deliveryStatus: string | null;
  providerMessageId: string | null;
  attachments: { id: string; filename: string; contentType: string; size: number }[];
  /** A satisfaction survey message (issue 12): the widget shows it inline; `rating` once answered. */
  survey: { token: string; rating: number | null } | null;
}

export interface VisitorFile {
  filename: string;
  contentType: string;
  size: number;
  read(): Promise<Buffer>;
}

/** What a channel whose customers read their own thread (web chat) may show them. */
export interface VisitorPort {
  /** Customer-visible messages of the conversations with this thread key in this inbox, oldest first. */
  history(
    inboxId: string,
    threadKey: string,
    opts?: { before?: string; limit?: number },
  ): Promise<{ messages: VisitorMessage[]; hasMore: boolean }>;
  /** A file of a customer-visible message in that thread; null when it is not in that thread. */
  attachment(inboxId: string, threadKey: string, attachmentId: string): Promise<VisitorFile | null>;
  /** The customer is (or stopped) typing in a channel thread that tells us. */
  setTyping(inboxId: string, threadKey: string, typing: boolean): Promise<void>;
  /** The inbox's business hours are closed now ("we're closed", issue 12): when they open next; null when open or without hours. */
  closedUntil(inboxId: string): Promise<{ nextOpeningAt: string | null } | null>;
}

/** Admin-configured ties between an inbox's external channels (a Slack channel id) and Switchboard. */
export interface LinkPort {
  /** The contact or company an external channel is linked to. */
  channelLink(inboxId: string, externalId: string): Promise<{ contactId: string | null; companyId: string | null } | null>;
  /** Departments whose internal notification channel is an external channel of this inbox. */
  departmentChannels(inboxId: string): Promise<{ departmentId: string; externalId: string }[]>;
}

/** Agent actions an adapter may perform on behalf of a Switchboard user (agents working from Slack). */
export interface AgentActions {
  findUserByEmail(email: string): Promise<{ id: string; name: string; role: string } | null>;
  addNote(conversationId: string, userId: string, text: string): Promise<{ messageId: string }>;
  sendReply(conversationId: string, userId: string, text: string): Promise<{ messageId: string }>;
  assign(conversationId: string, assigneeId: string | null, actingUserId: string): Promise<void>;
  setStatus(conversationId: string, status: "open" | "pending" | "resolved" | "closed", actingUserId: string): Promise<void>;
  conversationUrl(conversationId: string): string;
}

/** Domain events an adapter may follow (Slack posts them to departments' internal channels). */
export type HostEvent =
  | {
      type: "conversation.created";
      conversationId: string;
      number: number;
      subject: string;
      departmentId: string | null;
      contactName: string;
      channel: ChannelKind;
      text: string;
    }
  | {
      type: "conversation.assigned";
      conversationId: string;
      number: number;
      subject: string;
      departmentId: string | null;
      assignee: { id: string; name: string; email: string } | null;
    }
  | {
      type: "note.mentioned";
      conversationId: string;
      number: number;
      subject: string;
      departmentId: string | null;
      mentionedUsers: { id: string; name: string; email: string }[];
      authorName: string;
      text: string;
    }
  | {
      /** An SLA target of the conversation is due soon (`warning`) or was missed (`breached`). */
      type: "sla.alert";
      conversationId: string;
      number: number;
      subject: string;
      departmentId: string | null;
      alert: "warning" | "breached";
      target: "first_response" | "next_response" | "resolution";
      dueAt: string;
    };

/** The whole host: the infrastructure plus one member per port. */
export interface ChannelHost extends HostInfrastructure {
  inbound: InboundPort;
  identities: IdentityPort;
  visitors: VisitorPort;
  links: LinkPort;
  agents: AgentActions;
}

/** The infrastructure and the named ports, for functions that need only those. */
export type HostWith<K extends Exclude<keyof ChannelHost, keyof HostInfrastructure>> = HostInfrastructure & Pick<ChannelHost, K>;
