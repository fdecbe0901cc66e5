import type { Router } from "express";
import type { z } from "zod";
import type { Server as SocketServer } from "socket.io";
import type { ChannelDescriptor } from "./descriptor.ts";
import type { ChannelHost, HostInfrastructure, HostWith, InboxRuntime } from "./host.ts";
import type { Address } from "./inbound-message.ts";

/**
 * The channel adapter port. Adapters translate provider ⇄ InboundMessage / OutboundMessage,
 * verify signatures, normalise addresses and send. They know nothing of Prisma, tickets or
 * sockets: everything they need from the rest of Switchboard comes through ChannelHost.
 */
import type { ChannelKind, OutboundReadiness } from "~/common/vocabulary.ts";

export type { ChannelKind, IdentityKind } from "~/common/vocabulary.ts";
// The port's whole vocabulary is importable from here; host.ts and inbound-message.ts hold some of it to avoid a cycle.
export type { InboxRuntime } from "./host.ts";
export type { Address, InboundAttachment, InboundMessage, ThreadingHints } from "./inbound-message.ts";

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
  /**
   * Marketing-type mail only (satisfaction surveys): where the recipient unsubscribes. Email sends it as
   * List-Unsubscribe (+ List-Unsubscribe-Post for one-click, RFC 8058); absent on replies, as it should be.
   */
  unsubscribe?: { url: string; oneClick?: boolean };
  /** A satisfaction survey (issue 12): its public page; channels that can show it inline (the chat widget) do. */
  survey?: { token: string; url: string };
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

/**
 * The request reached (or may have reached) the provider but no answer came back: a timeout or a
 * reset connection after the request was written. Resending blindly could send the message twice,
 * so the core reconciles (adapter.reconcile) before any further attempt, or shows the agent that the
 * message may have been sent (docs/security/outbox-delivery.md).
 */
export class UnknownOutcomeSendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnknownOutcomeSendError";
  }
}

/**
 * What the provider holds that may be a send whose answer was lost, oldest first; empty when it has
 * none (sending again is safe).
 */
export interface Reconciliation {
  matches: SendResult[];
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

/** The outcome of an admin's "Test connection": whether the provider accepted the stored config, in words. */
export interface ConnectionTest {
  ok: boolean;
  message: string;
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
   * Looks a message up at the provider after a send whose outcome is unknown (UnknownOutcomeSendError,
   * a node that died mid-send). Throws when the provider cannot tell. Channels without it either resend
   * safely (`resendIsIdempotent`) or leave the message "unknown" for an agent to decide.
   */
  reconcile?(inbox: InboxRuntime<Config>, message: OutboundMessage, queuedAt: Date): Promise<Reconciliation>;
  /** Sending the same message again never shows the recipient two (email's Message-ID, the widget's message id). */
  resendIsIdempotent?: boolean;
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
  /** Whether an inbox with this (stored, non-secret) config can send replies; "ready" when absent. */
  outboundReadiness?(config: unknown): OutboundReadiness;
  /**
   * Signs in to the provider with the inbox's stored config (SMTP, IMAP, the provider's API) without
   * sending anything; absent when there is nothing to connect to (web chat).
   */
  testConnection?(inbox: InboxRuntime<Config>): Promise<ConnectionTest>;
  /** URLs an admin pastes into the provider's console, shown in the admin UI. */
  setupInfo?(publicUrl: string, inboxId: string): { label: string; value: string }[];
}
