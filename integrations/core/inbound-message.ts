import type { IdentityKind, SenderAuthVerdict } from "~/common/vocabulary.ts";

/** What an adapter hands the host for one received message (re-exported by types.ts). */
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
  /**
   * For ids the sender chooses (email Message-ID): a hash of the raw message. The same id with the
   * same hash is a retry; with another hash it is a different message, stored under a derived id.
   */
  contentHash?: string;
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
  /**
   * How far the channel authenticated the sender; absent when it did not check (IMAP, channels whose provider
   * signs its webhooks). The domain flags "fail", and anything short of "pass" from a known address, unverified.
   */
  senderAuth?: SenderAuthVerdict;
  /** Auto-replies, bounces, bulk mail: never trigger automatic responses. */
  automated?: boolean;
  meta?: Record<string, unknown>;
}
