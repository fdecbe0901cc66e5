import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { HostWith, InboxRuntime } from "~/integrations/core/host.ts";
import { matchInboxRecipient } from "~/integrations/core/addresses/email.ts";
import type { EmailConfig } from "./config.ts";
import { rawEventId } from "./message-id.ts";
import { receiveRawEmail } from "./process-raw.ts";

export interface SmtpListenerOptions {
  port: number;
  host: string;
  maxBytes: number;
}

export interface SmtpListener {
  port: number;
  stop(): Promise<void>;
}

const MAX_RECIPIENTS = 100;

/** Per inbox addressed in this mail transaction: the inbox as loaded at RCPT TO and its recipients. */
type Session = SMTPServerSession & { inboxRecipients?: Map<string, { inbox: InboxRuntime<EmailConfig>; recipients: string[] }> };

/**
 * Inbound SMTP for email inboxes (point the domain's MX, or a forwarding rule, at it). Accepts mail
 * for the inboxes' addresses and their +tags, refuses everyone else with 550 and oversized mail with
 * 552, and answers 250 only once the raw message is stored, so an accepted message is never lost.
 */
export async function startSmtpListener(host: HostWith<"inbound">, opts: SmtpListenerOptions): Promise<SmtpListener> {
  const inFlight = new Set<Promise<unknown>>();
  const server = new SMTPServer({
    name: new URL(host.publicUrl).hostname || "switchboard",
    banner: "Switchboard",
    size: opts.maxBytes,
    authOptional: true,
    // Inbound MX traffic: no AUTH; TLS is left to a proxy in front (see integrations/email/README.md).
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    maxClients: 100,
    socketTimeout: 60_000,
    onMailFrom(address, session: Session, callback) {
      // One connection carries many mails (relays pool connections; RSET starts over): every mail
      // transaction begins with MAIL FROM, so the inboxes of the previous one are forgotten here.
      session.inboxRecipients = new Map();
      const declared = Number(address.args && (address.args as Record<string, string>).SIZE);
      if (Number.isFinite(declared) && declared > opts.maxBytes) return callback(smtpError(552, "5.3.4 Message size exceeds fixed limit"));
      callback();
    },
    onRcptTo(address, session: Session, callback) {
      // RFC 5321's minimum; also bounds the per-recipient inbox lookups one session can cause.
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) return callback(smtpError(452, "4.5.3 Too many recipients"));
      host
        .listInboxes<EmailConfig>("email")
        .then((inboxes) => {
          const inbox = inboxes.find((i) => i.enabled && matchInboxRecipient(address.address, i.config.address));
          if (!inbox) return callback(smtpError(550, "5.1.1 No such mailbox here"));
          session.inboxRecipients ??= new Map();
          const entry = session.inboxRecipients.get(inbox.id) ?? { inbox, recipients: [] };
          entry.recipients.push(address.address);
          session.inboxRecipients.set(inbox.id, entry);
          callback();
        })
        .catch((err: Error) => callback(smtpError(451, `4.3.0 Temporary failure: ${err.message}`)));
    },
    onData(stream: SMTPServerDataStream, session: Session, callback) {
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        // Stop buffering past the limit; smtp-server keeps reading and flags sizeExceeded.
        if (size <= opts.maxBytes) chunks.push(chunk);
      });
      stream.on("error", (err) => callback(err));
      stream.on("end", () => {
        if (stream.sizeExceeded || size > opts.maxBytes) return callback(smtpError(552, "5.3.4 Message size exceeds fixed limit"));
        const raw = Buffer.concat(chunks);
        store(host, session, raw, inFlight).then(
          () => callback(),
          (err: Error) => callback(smtpError(451, `4.3.0 Could not store message, try again later: ${err.message}`)),
        );
      });
    },
  });
  server.on("error", (err) => host.log.warn(`email: SMTP listener error: ${err.message}`));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  host.log.info(`email: SMTP listener on ${opts.host}:${port}`);
  return {
    port,
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...inFlight]);
    },
  };
}

/** Stores the message once per inbox it was addressed to, then processes it in the background. */
async function store(host: HostWith<"inbound">, session: Session, raw: Buffer, inFlight: Set<Promise<unknown>>) {
  const eventId = rawEventId(raw);
  // Only recipients of this transaction's envelope, whatever a previous mail on the connection left.
  const envelope = new Set(session.envelope.rcptTo.map((r) => r.address));
  for (const [inboxId, { inbox, recipients: all }] of session.inboxRecipients ?? []) {
    const recipients = all.filter((r) => envelope.has(r));
    if (recipients.length === 0) continue;
    // Stamp the envelope recipients like an MTA's Delivered-To, so the reply token survives in the
    // stored payload (Bcc and forwarding leave it out of To/Cc).
    // Return-Path records the envelope sender (RFC 5321 §4.4): `<>` is how bounces are told apart (issue 16).
    const returnPath = `Return-Path: <${session.envelope.mailFrom ? session.envelope.mailFrom.address : ""}>\r\n`;
    const stamped = Buffer.concat([Buffer.from(recipients.map((r) => `Delivered-To: ${r}\r\n`).join("") + returnPath), raw]);
    const { done } = await receiveRawEmail(host, inboxId, eventId, stamped, inbox);
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  }
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}
