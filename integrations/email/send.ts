import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import {
  PermanentSendError,
  RetryableSendError,
  type InboxRuntime,
  type OutboundMessage,
  type SendResult,
} from "~/integrations/core/types.ts";
import { domainOf, replyAddress } from "~/integrations/core/addresses/email.ts";
import { originalProviderId } from "~/integrations/core/provider-id.ts";
import type { EmailConfig } from "./config.ts";
import { outboundSubject } from "./subject.ts";

/**
 * Sends an agent's reply through the inbox's SMTP relay. Always UTF-8 with RFC 2047 headers (every
 * current client, Japanese ones included, shows it; see README.md for why not ISO-2022-JP).
 * The Message-ID is derived from Switchboard's message id, so an outbox retry after a lost
 * answer sends the same Message-ID and the recipient's client shows one message.
 */
export async function sendEmail(inbox: InboxRuntime<EmailConfig>, message: OutboundMessage): Promise<SendResult> {
  const { config } = inbox;
  const capture = config.delivery === "capture";
  if (!capture && !config.smtp) throw new PermanentSendError("This email inbox has no outgoing SMTP server configured", "no_smtp");
  if (message.to.length === 0) throw new PermanentSendError("No recipient", "no_recipient");
  const domain = domainOf(config.address);
  const messageId = `sb.${message.id}@${domain}`;
  // A message stored under a derived id (a reused Message-ID) is referenced by the Message-ID it came with.
  const previous = [...new Set(message.previousProviderIds.filter(Boolean).map(originalProviderId))];
  // References: the first message plus the most recent ones keeps the header short on long threads.
  const references = previous.length > 20 ? [previous[0]!, ...previous.slice(-19)] : previous;
  const signatures = [message.author.signature, config.signature].map((s) => s?.trim()).filter((s): s is string => !!s);
  const text = signatures.length ? `${message.text}\n\n-- \n${signatures.join("\n\n")}` : message.text;
  const html = `${message.html ?? textToHtml(message.text)}${signatures.map((s) => textToHtml(s)).join("")}`;

  // Capture renders the very message SMTP would carry (nodemailer's stream transport) and keeps it.
  const transport = capture
    ? nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" })
    : nodemailer.createTransport({
        host: config.smtp!.host,
        port: config.smtp!.port,
        secure: config.smtp!.secure,
        auth: config.smtp!.user ? { user: config.smtp!.user, pass: config.smtp!.pass ?? "" } : undefined,
        connectionTimeout: 20_000,
        greetingTimeout: 15_000,
        socketTimeout: 60_000,
      } satisfies SMTPTransport.Options);
  try {
    const info = await transport.sendMail({
      messageId: `<${messageId}>`,
      from: { name: fromName(inbox, message.author.name), address: config.address },
      replyTo: replyAddress(config.address, message.conversation.replyToken),
      to: message.to.map((a) => ({ name: a.displayName ?? "", address: a.address })),
      cc: message.cc.map((a) => ({ name: a.displayName ?? "", address: a.address })),
      subject: outboundSubject(message.conversation.subject, message.conversation.number, previous.length > 0),
      inReplyTo: previous.length ? `<${previous[previous.length - 1]}>` : undefined,
      references: references.length ? references.map((id) => `<${id}>`) : undefined,
      text,
      html,
      attachments: await Promise.all(
        message.attachments.map(async (a) => ({ filename: a.filename, contentType: a.contentType, content: await a.read() })),
      ),
      headers: {
        "X-Switchboard-Ticket": String(message.conversation.number),
        // Surveys and other marketing-type mail only: the caller sets it; replies never carry one. One
        // header with the URL and a mailto to this inbox (RFC 2369); one-click (RFC 8058) only with https.
        ...(message.unsubscribe
          ? { "List-Unsubscribe": `<${message.unsubscribe.url}>, <mailto:${config.address}?subject=unsubscribe>` }
          : {}),
        ...(message.unsubscribe?.oneClick && message.unsubscribe.url.startsWith("https:")
          ? { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }
          : {}),
      },
      dkim: dkimOptions(config),
    });
    if (capture) return captured(messageId, (info as unknown as { message: Buffer }).message);
    const sent = info as SMTPTransport.SentMessageInfo;
    return {
      providerMessageId: messageId,
      status: "sent",
      meta: sent.rejected.length ? { rejected: sent.rejected.map(String), response: sent.response } : { response: sent.response },
    };
  } catch (err) {
    throw classifySmtpError(err);
  } finally {
    transport.close();
  }
}

/** Signs with the inbox's key (d= its domain, so DMARC aligns with From); captured mail is signed too. */
function dkimOptions(config: EmailConfig) {
  if (!config.dkim) return undefined;
  return {
    domainName: config.dkim.domain ?? domainOf(config.address),
    keySelector: config.dkim.selector,
    privateKey: config.dkim.privateKey,
  };
}

/** Kept on the message (meta.capture) so the conversation can show what would have been sent. */
const CAPTURE_MAX_CHARS = 64 * 1024;

function captured(messageId: string, raw: Buffer): SendResult {
  const text = raw.toString("utf8");
  return {
    providerMessageId: messageId,
    status: "delivered",
    meta: {
      capture: {
        bytes: raw.length,
        raw: text.length > CAPTURE_MAX_CHARS ? `${text.slice(0, CAPTURE_MAX_CHARS)}\n[… ${raw.length} bytes in all]` : text,
      },
    },
  };
}

export function fromName(inbox: InboxRuntime<EmailConfig>, agentName: string): string {
  const inboxName = inbox.config.fromName?.trim() || inbox.name;
  switch (inbox.config.fromNameStyle) {
    case "agent":
      return agentName;
    case "inbox":
      return inboxName;
    default:
      return `${agentName} via ${inboxName}`;
  }
}

/** Connection problems and 4xx replies may pass; 5xx replies (and bad credentials) will not. */
export function classifySmtpError(err: unknown): Error {
  const e = err as { message?: string; code?: string; responseCode?: number; response?: string };
  const detail = e.response ?? e.message ?? String(err);
  if (typeof e.responseCode === "number") {
    if (e.responseCode >= 500) return new PermanentSendError(`SMTP ${e.responseCode}: ${detail}`, String(e.responseCode));
    if (e.responseCode >= 400) return new RetryableSendError(`SMTP ${e.responseCode}: ${detail}`);
  }
  if (e.code === "EAUTH") return new PermanentSendError(`SMTP authentication failed: ${detail}`, "auth");
  return new RetryableSendError(`SMTP ${e.code ?? "error"}: ${detail}`);
}

function textToHtml(text: string): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return escaped
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, "<br>")}</p>`)
    .join("");
}
