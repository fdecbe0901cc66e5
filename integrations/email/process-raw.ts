import type { HostWith, InboxRuntime } from "~/integrations/core/host.ts";
import type { EmailConfig } from "./config.ts";
import { EmailParseError, type ParsedEmail } from "./parse.ts";
import { parseEmailOffThread } from "./parse-pool.ts";
import { AUTH_KEY_PURPOSE, readAuthentication } from "./sender-auth.ts";

export type ProcessOutcome =
  | { kind: "message"; messageId: string; conversationId: string; duplicate: boolean }
  | { kind: "bounce"; originalMessageId: string | null; failed: boolean; delayed: boolean; tied: boolean }
  | { kind: "complaint"; recipients: string[]; marked: number }
  | { kind: "ignored"; reason: string }
  | { kind: "rejected"; reason: string };

/**
 * Processes one stored raw message for an inbox: parse, then ingest it or apply a bounce.
 * Used by the SMTP listener and IMAP poller right after storing the raw event, and by the core
 * to re-run raw events still pending after a crash. Safe to run twice: ingest is idempotent on
 * the Message-ID (or the raw hash), a bounce only re-applies the same status.
 *
 * Bounces, delay warnings and complaints create no conversation message (decision 013): a bounce
 * updates the delivery of the outbound message it quotes (the failed or delayed status on the
 * agent's reply is where an agent looks) and a complaint marks the identity; the stored raw event
 * is the record of both, also of a bounce that quotes nothing we sent.
 */
export async function processRawEmail(
  host: HostWith<"inbound">,
  inboxId: string,
  raw: Buffer,
  /** The inbox as the caller just loaded it (the SMTP listener, at RCPT TO): not read again (issue 18). */
  loaded?: InboxRuntime<EmailConfig>,
): Promise<ProcessOutcome> {
  const inbox = loaded ?? (await host.getInbox<EmailConfig>(inboxId));
  if (!inbox) return { kind: "rejected", reason: `inbox ${inboxId} no longer exists` };
  // The listener's SPF/DKIM/DMARC result, if this mail came through it (sender-auth.ts).
  const { auth, raw: mail } = readAuthentication(host.signingKey(AUTH_KEY_PURPOSE), raw);
  let parsed: ParsedEmail;
  try {
    parsed = await parseEmailOffThread(mail, inbox.config.address);
  } catch (err) {
    if (err instanceof EmailParseError) return { kind: "rejected", reason: err.message };
    throw err;
  }
  if (parsed.kind === "ignored") {
    host.log.info(`email: ignored ${parsed.providerMessageId} for inbox ${inboxId}: ${parsed.reason}`);
    return { kind: "ignored", reason: parsed.reason };
  }
  if (parsed.kind === "bounce") {
    const { bounce } = parsed;
    const { tied } = await host.inbound.recordBounce(inboxId, {
      originalMessageId: bounce.originalMessageId,
      failed: bounce.failed,
      delayed: bounce.delayed,
      delivered: bounce.delivered,
      hard: bounce.hard,
      reason: bounce.reason,
      recipient: bounce.recipient,
      reportId: parsed.providerMessageId,
    });
    if (!tied) host.log.info(`email: bounce ${parsed.providerMessageId} for inbox ${inboxId} quotes no message it sent`);
    return { kind: "bounce", originalMessageId: bounce.originalMessageId, failed: bounce.failed, delayed: bounce.delayed, tied };
  }
  if (parsed.kind === "complaint") {
    const { recipients } = parsed.report;
    const { marked } = await host.inbound.recordComplaint(
      inboxId,
      recipients.map((address) => ({ kind: "email", address })),
      new Date(),
    );
    return { kind: "complaint", recipients, marked };
  }
  const message = auth ? { ...parsed.message, senderAuth: auth.verdict, meta: { ...parsed.message.meta, auth } } : parsed.message;
  const result = await host.inbound.ingest(inboxId, message);
  return { kind: "message", ...result };
}

/** Stores a raw message, processes it and records the outcome on the raw event. */
export async function receiveRawEmail(
  host: HostWith<"inbound">,
  inboxId: string,
  eventId: string,
  raw: Buffer,
  loaded?: InboxRuntime<EmailConfig>,
): Promise<{ stored: { id: string; duplicate: boolean }; done: Promise<ProcessOutcome | null> }> {
  const stored = await host.inbound.persistRawEvent(inboxId, eventId, raw);
  if (stored.duplicate) return { stored, done: Promise.resolve(null) };
  const done = processRawEmail(host, inboxId, raw, loaded).then(
    async (outcome) => {
      if (outcome.kind === "rejected") host.log.warn(`email: rejected message for inbox ${inboxId}: ${outcome.reason}`);
      await host.inbound.markRawEvent(stored.id, outcome.kind === "rejected" ? { ok: false, error: outcome.reason } : { ok: true });
      return outcome;
    },
    (err: unknown) => {
      // Not marked: the event stays pending and the core's recovery re-runs it (e.g. the database
      // was briefly unavailable). Parse failures are final and marked above.
      host.log.error(`email: processing failed for inbox ${inboxId}: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    },
  );
  return { stored, done };
}
