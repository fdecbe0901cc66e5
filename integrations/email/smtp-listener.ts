import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import type { HostWith, InboxRuntime } from "~/integrations/core/host.ts";
import { matchInboxRecipient } from "~/integrations/core/addresses/email.ts";
import type { EmailConfig } from "./config.ts";
import { rawEventId } from "./message-id.ts";
import { receiveRawEmail } from "./process-raw.ts";
import { AUTH_KEY_PURPOSE, authenticateSender, type SenderAuthentication, stampAuthentication } from "./sender-auth.ts";

export interface SmtpListenerOptions {
  port: number;
  host: string;
  maxBytes: number;
  /** Offered with STARTTLS when set. */
  tls?: { cert: string; key: string } | null;
  /** Per client IP and minute, counted across nodes by host.rateLimit; 0 or absent: no limit. */
  rateLimits?: { connectionsPerMinute: number; messagesPerMinute: number };
  /** SPF/DKIM/DMARC on every mail; dnsServers for tests and split-horizon DNS. */
  auth?: { enabled: boolean; dnsServers?: string[] };
}

export interface SmtpListener {
  port: number;
  stop(): Promise<void>;
}

const MAX_RECIPIENTS = 100;
/**
 * Stored mails being parsed and ingested at once. Processing runs after the 250, so without a bound
 * a burst (a relay flushing its queue, ~170 bounces in issue 16's corpus) overflowed the parse pool's
 * queue (WorkerPoolFull) and left the rest pending until the minute-long raw-event recovery. Past this
 * bound the listener holds its 250 until a slot frees: the sending MTA waits, nothing is dropped.
 */
const MAX_PROCESSING = 32;

/** Per inbox addressed in this mail transaction: the inbox as loaded at RCPT TO and its recipients. */
type Session = SMTPServerSession & { inboxRecipients?: Map<string, { inbox: InboxRuntime<EmailConfig>; recipients: string[] }> };

/**
 * Inbound SMTP for email inboxes (point the domain's MX, or a forwarding rule, at it). Accepts mail
 * for the inboxes' addresses and their +tags, refuses everyone else with 550 and oversized mail with
 * 552, and answers 250 only once the raw message is stored, so an accepted message is never lost.
 * Checks each sender's SPF, DKIM and DMARC before answering, offers STARTTLS with a configured
 * certificate, and limits connections and mails per client IP (421 / 451: real MTAs retry later).
 */
export async function startSmtpListener(host: HostWith<"inbound">, opts: SmtpListenerOptions): Promise<SmtpListener> {
  const inFlight = new Set<Promise<unknown>>();
  const processing = slots(MAX_PROCESSING);
  const name = new URL(host.publicUrl).hostname || "switchboard";
  const limits = opts.rateLimits;
  const overLimit = async (what: "connections" | "messages", ip: string, limit: number | undefined) =>
    !!limit && !(await host.rateLimit(`email:smtp-${what}:${ip}`, { limit, windowMs: 60_000 })).ok;
  const server = new SMTPServer({
    name,
    banner: "Switchboard",
    size: opts.maxBytes,
    authOptional: true,
    // Inbound MX traffic: no AUTH. STARTTLS only with a certificate (SMTP_TLS_CERT / SMTP_TLS_KEY).
    disabledCommands: opts.tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : {}),
    logger: false,
    maxClients: 100,
    socketTimeout: 60_000,
    onConnect(session, callback) {
      overLimit("connections", clientIp(session), limits?.connectionsPerMinute).then(
        (over) => callback(over ? smtpError(421, "4.7.0 Too many connections from your address, try again later") : undefined),
        () => callback(),
      );
    },
    onMailFrom(address, session: Session, callback) {
      // One connection carries many mails (relays pool connections; RSET starts over): every mail
      // transaction begins with MAIL FROM, so the inboxes of the previous one are forgotten here.
      session.inboxRecipients = new Map();
      const declared = Number(address.args && (address.args as Record<string, string>).SIZE);
      if (Number.isFinite(declared) && declared > opts.maxBytes) return callback(smtpError(552, "5.3.4 Message size exceeds fixed limit"));
      overLimit("messages", clientIp(session), limits?.messagesPerMinute).then(
        (over) => callback(over ? smtpError(451, "4.7.1 Too many messages from your address, try again later") : undefined),
        () => callback(),
      );
    },
    onRcptTo(address, session: Session, callback) {
      // RFC 5321's minimum; also bounds the per-recipient inbox lookups one session can cause.
      if (session.envelope.rcptTo.length >= MAX_RECIPIENTS) return callback(smtpError(452, "4.5.3 Too many recipients"));
      const match = (inboxes: InboxRuntime<EmailConfig>[]) =>
        inboxes.find((i) => i.enabled && matchInboxRecipient(address.address, i.config.address));
      // This node's copy first (issue 18); a refusal is permanent, so it is checked against the database.
      host
        .listInboxes<EmailConfig>("email", { cached: true })
        .then(async (cached) => match(cached) ?? match(await host.listInboxes<EmailConfig>("email")))
        .then((inbox) => {
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
        const checked = opts.auth?.enabled
          ? authenticateSender(raw, {
              ip: clientIp(session),
              helo: session.hostNameAppearsAs,
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
              mta: name,
              dnsServers: opts.auth.dnsServers,
            })
          : Promise.resolve(null);
        checked
          .then((auth) => store(host, session, raw, auth, inFlight, processing))
          .then(
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
async function store(
  host: HostWith<"inbound">,
  session: Session,
  raw: Buffer,
  auth: SenderAuthentication | null,
  inFlight: Set<Promise<unknown>>,
  processing: Slots,
) {
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
    const delivered = Buffer.concat([Buffer.from(recipients.map((r) => `Delivered-To: ${r}\r\n`).join("") + returnPath), raw]);
    const stamped = auth ? stampAuthentication(host.signingKey(AUTH_KEY_PURPOSE), auth, delivered) : delivered;
    await processing.acquire();
    let done: Promise<unknown>;
    try {
      ({ done } = await receiveRawEmail(host, inboxId, eventId, stamped, inbox));
    } catch (err) {
      processing.release();
      throw err;
    }
    inFlight.add(done);
    void done.finally(() => {
      inFlight.delete(done);
      processing.release();
    });
  }
}

interface Slots {
  acquire(): Promise<void>;
  release(): void;
}

/** A counting semaphore: a freed slot passes straight to the longest waiter. */
function slots(size: number): Slots {
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    async acquire() {
      if (free > 0) {
        free--;
        return;
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}

/** The client's address as SPF knows it (an IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d). */
function clientIp(session: SMTPServerSession): string {
  return session.remoteAddress.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, "");
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}
