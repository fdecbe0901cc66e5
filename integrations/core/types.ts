import type { Router } from "express";
import type { Server as SocketServer } from "socket.io";
import type { ChannelDescriptor } from "./descriptor.ts";

/**
 * The channel adapter port. Adapters translate provider ⇄ InboundMessage / OutboundMessage,
 * verify signatures, normalise addresses and send. They know nothing of Prisma, tickets or
 * sockets: everything they need from the rest of Switchboard comes through ChannelHost.
 */
import type { ChannelKind, IdentityKind } from "~/common/vocabulary.ts";

export type { ChannelKind, IdentityKind } from "~/common/vocabulary.ts";

export interface Address {
  kind: IdentityKind;
  /** Normalised: lower-cased email, E.164 phone, Slack `TEAM:USER`, chat visitor id. */
  address: string;
  displayName?: string;
}

export interface InboundAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
  /** Email inline parts (`cid:` references in the HTML). */
  contentId?: string;
  inline?: boolean;
}

/** Channel-specific hints the domain uses to pick a conversation. */
export interface ThreadingHints {
  /** Stable key of a channel thread: chat visitor id, Slack `channel:thread_ts`, SMS number pair. */
  threadKey?: string;
  /** Start a new conversation even if an open one exists for the thread key (e.g. Slack top-level message). */
  startsThread?: boolean;
  /** Email: Message-IDs from In-Reply-To and References, oldest first. */
  references?: string[];
  /** Email: the token from a per-conversation reply address. */
  replyToken?: string;
  /** Email: `[#123]` from the subject. */
  ticketNumber?: number;
  /** Email: normalised subject for a conservative subject match. */
  normalizedSubject?: string;
  /** Attach to this conversation if it exists (e.g. Slack link or a prior resolution by the adapter). */
  conversationId?: string;
}

export interface InboundMessage {
  /** Provider id, unique per inbox: Message-ID, MessageSid, Slack ts, chat client id. */
  providerMessageId: string;
  from: Address;
  /** Other addresses the provider vouches for as the sender's (a Slack profile's email): linked to one contact. */
  fromAliases?: Address[];
  /** A contact or company the channel already ties this message to (a Slack channel linked by an admin). */
  owner?: { contactId?: string; companyId?: string };
  /** Other people on the message (email To/CC). Recorded as participants, never as owners. */
  participants?: { role: "to" | "cc"; address: Address }[];
  subject?: string;
  text: string;
  /** HTML exactly as received. The domain sanitises it before storing; adapters never render it. */
  html?: string;
  attachments?: InboundAttachment[];
  threading?: ThreadingHints;
  sentAt?: Date;
  /**
   * Background work for this message (e.g. MMS media or Slack file downloads), queued in the same
   * transaction that stores it — only when it is newly stored — and run by adapter.runJob with the
   * stored message's id added as `messageId`.
   */
  jobs?: Record<string, unknown>[];
  /** Auto-replies, bounces, bulk mail: never trigger automatic responses. */
  automated?: boolean;
  meta?: Record<string, unknown>;
}

export interface OutboundAttachment {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  read(): Promise<Buffer>;
  /** A signed, expiring public URL (for channels such as MMS that fetch media by URL). */
  publicUrl: string;
}

export interface OutboundMessage {
  /** Switchboard's message id; adapters use it as an idempotency key where the provider allows. */
  id: string;
  text: string;
  html?: string;
  author: { name: string; signature?: string };
  conversation: {
    id: string;
    number: number;
    subject: string;
    threadKey: string | null;
    replyToken: string;
  };
  /** Primary recipient and CCs, already normalised. */
  to: Address[];
  cc: Address[];
  /** Provider ids of earlier messages in this conversation, oldest first (email References). */
  previousProviderIds: string[];
  attachments: OutboundAttachment[];
}

export interface SendResult {
  providerMessageId: string;
  status: "sent" | "delivered";
  meta?: Record<string, unknown>;
}

/** Sending failed but may succeed later; the outbox retries, honouring retryAfterMs (e.g. HTTP 429). */
export class RetryableSendError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = "RetryableSendError";
  }
}

/** Sending can never succeed as is (bad address, opted out, rejected by provider). */
export class PermanentSendError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = "PermanentSendError";
  }
}

/** An inbox as adapters see it: validated config with secrets already decrypted. */
export interface InboxRuntime<Config = Record<string, unknown>> {
  id: string;
  kind: ChannelKind;
  name: string;
  enabled: boolean;
  config: Config;
  state: Record<string, unknown>;
}

export interface IngestResult {
  messageId: string;
  conversationId: string;
  /** True when this provider id was already stored: a provider retry, nothing changed. */
  duplicate: boolean;
}

export interface DeliveryUpdate {
  status: "sent" | "delivered" | "undelivered" | "failed";
  error?: string;
  meta?: Record<string, unknown>;
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
    };

/** Agent actions an adapter may perform on behalf of a Switchboard user (agents working from Slack). */
export interface AgentActions {
  findUserByEmail(email: string): Promise<{ id: string; name: string; role: string } | null>;
  addNote(conversationId: string, userId: string, text: string): Promise<{ messageId: string }>;
  sendReply(conversationId: string, userId: string, text: string): Promise<{ messageId: string }>;
  assign(conversationId: string, assigneeId: string | null, actingUserId: string): Promise<void>;
  setStatus(conversationId: string, status: "open" | "pending" | "resolved" | "closed", actingUserId: string): Promise<void>;
  conversationUrl(conversationId: string): string;
}

/** A customer-visible message of a web chat visitor's thread (never notes or events). */
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
}

export interface VisitorFile {
  filename: string;
  contentType: string;
  size: number;
  read(): Promise<Buffer>;
}

/** What the rest of Switchboard offers an adapter. Implemented in server/channels/host.ts. */
export interface ChannelHost {
  publicUrl: string;
  dataDir: string;
  getInbox<C = Record<string, unknown>>(inboxId: string): Promise<InboxRuntime<C> | null>;
  listInboxes<C = Record<string, unknown>>(kind: ChannelKind): Promise<InboxRuntime<C>[]>;
  /** Idempotent on (inbox, providerMessageId). */
  ingest(inboxId: string, message: InboundMessage): Promise<IngestResult>;
  /** Persist a raw provider payload before acknowledging it; duplicate when the event id was seen. */
  persistRawEvent(inboxId: string, providerEventId: string, payload: Buffer): Promise<{ id: string; duplicate: boolean }>;
  markRawEvent(id: string, outcome: { ok: true } | { ok: false; error: string }): Promise<void>;
  updateDelivery(inboxId: string, providerMessageId: string, update: DeliveryUpdate): Promise<void>;
  setOptOut(address: Address, optedOut: boolean): Promise<void>;
  saveInboxState(inboxId: string, patch: Record<string, unknown>): Promise<void>;
  /** Queue adapter background work (e.g. MMS media download), run later by adapter.runJob with retries. */
  enqueueJob(inboxId: string, payload: Record<string, unknown>, opts?: { delayMs?: number; messageId?: string }): Promise<void>;
  /** Add files to an already stored message (media fetched after the webhook was acknowledged). */
  addAttachments(messageId: string, attachments: InboundAttachment[]): Promise<void>;
  /** Mark an inbound or outbound message edited/deleted by the provider; history is kept. */
  updateProviderMessage(
    inboxId: string,
    providerMessageId: string,
    change: { text?: string; deleted?: boolean; meta?: Record<string, unknown> },
  ): Promise<void>;
  /** Messages stored for a provider id (e.g. to find the conversation of a Slack thread parent). */
  findConversationByProviderId(inboxId: string, providerMessageId: string): Promise<{ conversationId: string } | null>;
  /** Departments whose internal notification channel lives in this (Slack) inbox. */
  listDepartmentSlackChannels(inboxId: string): Promise<{ departmentId: string; channelId: string }[]>;
  /** Admin-configured link of an external channel (a Slack channel id) to a contact or company. */
  getChannelLink(inboxId: string, externalId: string): Promise<{ contactId: string | null; companyId: string | null } | null>;
  /** The customer is (or stopped) typing in a channel thread that tells us (web chat). */
  setContactTyping(inboxId: string, threadKey: string, typing: boolean): Promise<void>;
  subscribe(listener: (event: HostEvent) => void): () => void;
  /** A key derived from the server secret for one purpose (web chat visitor tokens); the same on every node. */
  signingKey(purpose: string): Buffer;
  /** Fixed-window limit shared by all nodes (with Redis); ok is false once `limit` is exceeded in the window. */
  rateLimit(key: string, rule: { limit: number; windowMs: number }): Promise<{ ok: boolean; retryAfterMs: number }>;
  /**
   * The provider vouches that `from` also owns `alias` (a chat visitor leaving their email). Creates what is
   * missing; when the alias already belongs to another contact, `from` and the conversations it wrote move
   * to that contact so the person has one timeline. A display name fills a placeholder name only.
   */
  linkIdentity(from: Address, alias: Address, displayName?: string): Promise<{ contactId: string }>;
  /** Customer-visible messages of the conversations with this thread key in this inbox, oldest first. */
  visitorHistory(
    inboxId: string,
    threadKey: string,
    opts?: { before?: string; limit?: number },
  ): Promise<{ messages: VisitorMessage[]; hasMore: boolean }>;
  /** A file of a customer-visible message in that thread; null when it is not in that thread. */
  visitorAttachment(inboxId: string, threadKey: string, attachmentId: string): Promise<VisitorFile | null>;
  agents: AgentActions;
  log: { info(msg: string): void; warn(msg: string): void; error(msg: string): void };
}

export interface ListenerSettings {
  smtpEnabled: boolean;
  smtpPort: number;
  smtpHost: string;
  maxBytes: number;
}

export interface Running {
  stop(): Promise<void>;
}

export interface ChannelAdapter<Config = Record<string, unknown>> {
  /** What the channel is and can do; the app and the domain read this, never the kind. */
  descriptor: ChannelDescriptor<Config> & { kind: ChannelKind };
  /** Normalise a raw address as written by a person or a provider; null when it is not valid. */
  normalizeAddress(raw: string): string | null;
  /** `host` gives adapters the public URL (Twilio status callbacks) and logging while sending. */
  send(inbox: InboxRuntime<Config>, message: OutboundMessage, host: ChannelHost): Promise<SendResult>;
  /**
   * Processes a raw payload stored with host.persistRawEvent (SMTP mail, Slack event). The core calls
   * it again for events left pending by a crash, so it must be idempotent.
   */
  processRawEvent?(inbox: InboxRuntime<Config>, payload: Buffer, host: ChannelHost): Promise<void>;
  /** Runs a job queued with host.enqueueJob; throw RetryableSendError to retry later. */
  runJob?(inbox: InboxRuntime<Config>, payload: Record<string, unknown>, host: ChannelHost): Promise<void>;
  /** HTTP routes mounted at the server root; paths are the adapter's own (/webhooks/<kind>/…, /widget/…). */
  routes?(host: ChannelHost): Router;
  /** Socket.IO namespaces of the adapter's own (the web chat visitor namespace). */
  realtime?(io: SocketServer, host: ChannelHost): void;
  /**
   * Long-running listeners and pollers (SMTP server, IMAP). Started once per node with the server's
   * parsed listener env (not process.env), so a test server's SMTP_PORT=0 binds a free port.
   */
  start?(host: ChannelHost, settings: ListenerSettings): Promise<Running>;
  /** URLs an admin pastes into the provider's console, shown in the admin UI. */
  setupInfo?(publicUrl: string, inboxId: string): { label: string; value: string }[];
}
