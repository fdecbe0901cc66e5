import type { Router } from "express";
import type { z } from "zod";
import type { Server as SocketServer } from "socket.io";
import type { ChannelDescriptor } from "./descriptor.ts";
import type { ChannelHost, HostInfrastructure, HostWith } from "./host.ts";

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

export interface Running {
  stop(): Promise<void>;
}

export interface ChannelAdapter<Config = Record<string, unknown>, Settings = undefined> {
  /** What the channel is and can do; the app and the domain read this, never the kind. */
  descriptor: ChannelDescriptor<Config> & { kind: ChannelKind };
  /** Normalise a raw address as written by a person or a provider; null when it is not valid. */
  normalizeAddress(raw: string): string | null;
  /** `host` gives adapters the public URL (Twilio status callbacks) and logging while sending. */
  send(inbox: InboxRuntime<Config>, message: OutboundMessage, host: HostInfrastructure): Promise<SendResult>;
  /**
   * Processes a raw payload stored with host.inbound.persistRawEvent (SMTP mail, Slack event). The core calls
   * it again for events left pending by a crash, so it must be idempotent.
   */
  processRawEvent?(inbox: InboxRuntime<Config>, payload: Buffer, host: ChannelHost): Promise<void>;
  /** Runs a job queued with host.inbound.enqueueJob; throw RetryableSendError to retry later. */
  runJob?(inbox: InboxRuntime<Config>, payload: Record<string, unknown>, host: HostWith<"inbound">): Promise<void>;
  /** HTTP routes mounted at the server root; paths are the adapter's own (/webhooks/<kind>/…, /widget/…). */
  routes?(host: ChannelHost): Router;
  /** Socket.IO namespaces of the adapter's own (the web chat visitor namespace). */
  realtime?(io: SocketServer, host: ChannelHost): void;
  /**
   * The adapter's own environment variables (email's SMTP_PORT, …) as a zod schema over the env keys it
   * reads. The server parses it with the core env at boot (an invalid value stops it, naming the
   * variable) and passes the result to start(), so each adapter sees only its own settings.
   */
  settings?: z.ZodType<Settings>;
  /**
   * Long-running listeners and pollers (SMTP server, IMAP). Started once per node with the parsed
   * settings (not process.env), so a test server's SMTP_PORT=0 binds a free port.
   */
  start?(host: ChannelHost, settings: Settings): Promise<Running>;
  /** URLs an admin pastes into the provider's console, shown in the admin UI. */
  setupInfo?(publicUrl: string, inboxId: string): { label: string; value: string }[];
}
