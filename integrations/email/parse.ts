import { simpleParser, type AddressObject, type ParsedMail } from "mailparser";
import type { Address, InboundAttachment, InboundMessage } from "~/integrations/core/types.ts";
import { domainOf, matchInboxRecipient, normalizeEmail } from "~/integrations/core/addresses/email.ts";
import { autoReplyReason, bounceLikelihood, complaintKind, senderSignals } from "./automated.ts";
import { bodyOf, parseBounce, type Bounce } from "./dsn.ts";
import { parseFeedbackReport, type FeedbackReport } from "./feedback-report.ts";
import { parseForward } from "./forward.ts";
import { cleanMessageId, contentHash, messageIdList, rawMessageHash } from "./message-id.ts";
import { splitQuoted } from "./quoted.ts";
import { splitQuotedHtml } from "./quoted-html.ts";
import { extractTicketNumber, normalizeSubject } from "./subject.ts";
import { htmlOverLimits, htmlToText } from "~/common/html-text.ts";

export class EmailParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmailParseError";
  }
}

export type ParsedEmail =
  | { kind: "message"; message: InboundMessage }
  | { kind: "bounce"; providerMessageId: string; bounce: Bounce }
  /** An ARF feedback report: a recipient marked our mail as spam. */
  | { kind: "complaint"; providerMessageId: string; report: FeedbackReport }
  /** Mail that must not become a message (our own outbound mail coming back: Bcc copies, loops). */
  | { kind: "ignored"; providerMessageId: string; reason: string };

// Bounds for hostile input; mailparser enforces its own header-size and HTML nesting limits too.
const MAX_HTML_CHARS = 5 * 1024 * 1024;
const MAX_TEXT_CHARS = 1024 * 1024;
const FORWARD_SUBJECT = /^\s*(?:fwd?|wg|tr|rv|enc|転送)\s*[:：]/i;

/** Parses one raw RFC 5322 message received for the inbox at `inboxAddress`. */
export async function parseEmail(raw: Buffer, inboxAddress: string): Promise<ParsedEmail> {
  if (raw.length === 0) throw new EmailParseError("empty message");
  let mail: ParsedMail;
  try {
    mail = await simpleParser(raw, {
      keepDeliveryStatus: true,
      skipImageLinks: true,
      skipTextLinks: true,
      skipTextToHtml: true,
      maxHtmlLengthToParse: MAX_HTML_CHARS,
    });
  } catch (err) {
    throw new EmailParseError(`unparseable MIME: ${(err as Error).message}`);
  }
  const providerMessageId = cleanMessageId(mail.messageId) ?? rawMessageHash(raw);
  const sender = firstAddress(mail.from) ?? firstAddress(mail.headers.get("sender") as AddressObject | undefined);
  // Reports and bounces before auto-replies: MTAs stamp bounces Auto-Submitted/Precedence too (decision 013).
  const complaint = complaintKind(mail, bodyOf(raw));
  if (complaint) return { kind: "complaint", providerMessageId, report: parseFeedbackReport(mail, raw, complaint, sender?.address) };
  const autoReply = autoReplyReason(mail);
  const likelihood = bounceLikelihood(mail, senderSignals(mail, sender?.address, sender?.displayName, raw), autoReply);
  if (likelihood) {
    const bounce = parseBounce(mail, raw, cleanMessageId(mail.messageId));
    if (bounce.originalMessageId || likelihood === "certain") return { kind: "bounce", providerMessageId, bounce };
  }
  const automated = autoReply;
  if (!sender) throw new EmailParseError("message has no valid From address");
  if (providerMessageId.startsWith("sb.") && providerMessageId.endsWith(`@${domainOf(inboxAddress)}`)) {
    return { kind: "ignored", providerMessageId, reason: "a copy of a message this inbox sent" };
  }
  if (matchInboxRecipient(sender.address, inboxAddress)) {
    return { kind: "ignored", providerMessageId, reason: "sent from the inbox's own address (mail loop)" };
  }

  const subject = (mail.subject ?? "").slice(0, 1000);
  const references = messageIdList([headerStrings(mail, "references"), headerStrings(mail, "in-reply-to")]);
  let html = typeof mail.html === "string" && mail.html ? mail.html.slice(0, MAX_HTML_CHARS) : undefined;
  const fullText = (mail.text?.trim() ? mail.text : html ? htmlToText(html) : "").slice(0, MAX_TEXT_CHARS);
  // A nesting bomb would take the sanitiser minutes: such HTML is dropped and the text above kept.
  const htmlDropped = html ? htmlOverLimits(html) : null;
  if (htmlDropped) html = undefined;
  // Some clients (Gmail) put the forwarded message's id in References, so a forward-marked subject counts too.
  const forward = references.length === 0 || FORWARD_SUBJECT.test(subject) ? parseForward(fullText, subject) : null;
  const replyToken = replyTokenOf(mail, inboxAddress);
  const ticketNumber = extractTicketNumber(subject);
  // A forward of a ticket's mail (`Fwd: … [#123]`, or to its reply address) stays the forwarder's own
  // mail: the domain opens them a conversation related to the ticket, never the customer's (issue 16).
  const forwardedFor =
    forward &&
    !ticketNumber &&
    !replyToken &&
    forward.from.address !== sender.address &&
    !matchInboxRecipient(forward.from.address, inboxAddress);

  let from: Address = sender;
  let text: string;
  let quoted: string | undefined;
  const meta: Record<string, unknown> = { messageId: providerMessageId };
  if (htmlDropped) meta.htmlDropped = htmlDropped;
  if (forward && !forwardedFor) meta.forwarded = true;
  if (forward && forwardedFor) {
    from = { kind: "email", address: forward.from.address, displayName: forward.from.displayName };
    meta.forwardedBy = { address: sender.address, displayName: sender.displayName, note: forward.note || undefined };
    text = forward.forwarded;
  } else {
    ({ text, quoted } = splitQuoted(fullText));
    // The quoted HTML is dropped, not kept in meta: meta is never sanitised, and meta.quoted has the text.
    if (html) html = splitQuotedHtml(html).html;
  }
  if (quoted) meta.quoted = quoted;
  if (automated) meta.automatedReason = automated;
  const threadIndex = headerStrings(mail, "thread-index")[0];
  if (threadIndex) meta.threadIndex = threadIndex;
  const replyTo = firstAddress(mail.replyTo);
  if (replyTo && replyTo.address !== from.address) meta.replyTo = replyTo.address;

  const message: InboundMessage = {
    providerMessageId,
    contentHash: contentHash(raw),
    from,
    participants: participants(mail, inboxAddress, from.address),
    // A forward opens the original sender's ticket under the original subject, not "Fwd: …".
    subject: (forwardedFor && forward.subject ? forward.subject : subject) || undefined,
    text,
    html,
    attachments: mail.attachments.filter((a) => a.contentType !== "message/delivery-status").map(toAttachment),
    threading: {
      references: references.length ? references : undefined,
      replyToken,
      ticketNumber,
      normalizedSubject: normalizeSubject(forwardedFor && forward.subject ? forward.subject : subject) || undefined,
    },
    sentAt: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : undefined,
    automated: automated ? true : undefined,
    meta,
  };
  return { kind: "message", message };
}

function addresses(obj: AddressObject | AddressObject[] | undefined): Address[] {
  const list = Array.isArray(obj) ? obj : obj ? [obj] : [];
  const out: Address[] = [];
  for (const o of list) {
    for (const v of o.value.flatMap((e) => (e.group ? e.group : [e]))) {
      const address = v.address ? normalizeEmail(v.address) : null;
      if (address) out.push({ kind: "email", address, displayName: v.name?.trim() || undefined });
    }
  }
  return out;
}

function firstAddress(obj: AddressObject | AddressObject[] | undefined): Address | undefined {
  return addresses(obj)[0];
}

function participants(mail: ParsedMail, inboxAddress: string, fromAddress: string): InboundMessage["participants"] {
  const seen = new Set([fromAddress]);
  const out: NonNullable<InboundMessage["participants"]> = [];
  for (const [role, obj] of [
    ["to", mail.to],
    ["cc", mail.cc],
  ] as const) {
    for (const address of addresses(obj)) {
      if (seen.has(address.address) || matchInboxRecipient(address.address, inboxAddress)) continue;
      seen.add(address.address);
      out.push({ role, address });
    }
  }
  return out.slice(0, 100);
}

/** Raw header values as strings (mailparser returns strings, arrays or structured objects). */
export function headerStrings(mail: ParsedMail, name: string): string[] {
  const v = mail.headers.get(name) as unknown;
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  return list.map((x) => (typeof x === "string" ? x : typeof x === "object" && x && "text" in x ? String(x.text) : String(x)));
}

function replyTokenOf(mail: ParsedMail, inboxAddress: string): string | undefined {
  // Delivered-To is stamped by our SMTP listener (and by Postfix/Dovecot on IMAP mailboxes) with the
  // envelope recipient. Raw header text is used because tokens are opaque and keep their case.
  const raw = ["delivered-to", "x-original-to", "to", "cc"].flatMap((name) => headerStrings(mail, name)).join(",");
  for (const candidate of raw.match(/[^\s<>,;:"()]+@[^\s<>,;:"()]+/g) ?? []) {
    const token = matchInboxRecipient(candidate, inboxAddress)?.replyToken;
    if (token) return token;
  }
  return undefined;
}

function toAttachment(a: ParsedMail["attachments"][number], index: number): InboundAttachment {
  const contentId = cleanMessageId(a.contentId ?? a.cid) ?? undefined;
  const inline = a.contentDisposition === "inline" || a.related === true ? true : undefined;
  return {
    filename: (a.filename ?? "").trim().slice(0, 255) || `attachment-${index + 1}${extensionFor(a.contentType)}`,
    contentType: a.contentType || "application/octet-stream",
    content: a.content,
    contentId,
    inline: inline && contentId ? true : undefined,
  };
}

function extensionFor(contentType: string): string {
  const map: Record<string, string> = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "text/plain": ".txt",
    "text/calendar": ".ics",
    "application/pdf": ".pdf",
    "message/rfc822": ".eml",
    "text/rfc822-headers": ".txt",
  };
  return map[contentType] ?? "";
}
