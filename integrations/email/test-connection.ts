import { ImapFlow } from "imapflow";
import nodemailer from "nodemailer";
import type { ConnectionTest, InboxRuntime } from "~/integrations/core/types.ts";
import type { EmailConfig } from "./config.ts";

const TIMEOUT_MS = 15_000;
const reason = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 300);

/** SMTP: connect and authenticate (nodemailer's verify); nothing is sent. */
async function testSmtp(smtp: NonNullable<EmailConfig["smtp"]>): Promise<ConnectionTest> {
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.pass ?? "" } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    await transport.verify();
    return { ok: true, message: `SMTP ${smtp.host}:${smtp.port}: connected${smtp.user ? " and signed in" : ""}` };
  } catch (err) {
    return { ok: false, message: `SMTP ${smtp.host}:${smtp.port}: ${reason(err)}` };
  } finally {
    transport.close();
  }
}

/** IMAP: sign in and open the polled mailbox, as the poller does. */
async function testImap(imap: NonNullable<EmailConfig["imap"]>): Promise<ConnectionTest> {
  const client = new ImapFlow({
    host: imap.host,
    port: imap.port,
    secure: imap.secure,
    auth: { user: imap.user, pass: imap.pass },
    logger: false,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  // A dropped connection is reported through the awaited calls; without a listener it would be thrown.
  client.on("error", () => {});
  try {
    await client.connect();
    const box = await client.mailboxOpen(imap.mailbox, { readOnly: true });
    return { ok: true, message: `IMAP ${imap.host}:${imap.port}: signed in, ${imap.mailbox} holds ${box.exists} messages` };
  } catch (err) {
    const detail = (err as { responseText?: string }).responseText;
    return { ok: false, message: `IMAP ${imap.host}:${imap.port}: ${detail ? `${reason(err)} (${detail})` : reason(err)}` };
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** Every server the inbox talks to: its SMTP relay and its IMAP mailbox, whichever are set. */
export async function testEmailConnection(inbox: InboxRuntime<EmailConfig>): Promise<ConnectionTest> {
  const { smtp, imap, delivery } = inbox.config;
  const results = await Promise.all([smtp ? testSmtp(smtp) : null, imap ? testImap(imap) : null]);
  const done = results.filter((r): r is ConnectionTest => r !== null);
  if (done.length === 0) {
    const message =
      delivery === "capture"
        ? "Replies go to the local capture and mail arrives through the SMTP listener: nothing to connect to."
        : "No SMTP relay or IMAP mailbox is set.";
    return { ok: delivery === "capture", message };
  }
  return { ok: done.every((r) => r.ok), message: done.map((r) => r.message).join("\n") };
}
