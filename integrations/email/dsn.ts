import type { ParsedMail } from "mailparser";
import { normalizeEmail } from "~/integrations/core/addresses/email.ts";
import { cleanMessageId } from "./message-id.ts";

/**
 * Reads a bounce (decision 013): the Message-ID of the mail that bounced, whether the MTA gave up
 * or is still retrying, and why. Standard DSNs (RFC 3464) first; MTAs that fold the original into
 * the text, quote it indented, flatten the report or write no DSN at all are read from whatever
 * they kept: quoted headers anywhere in the decoded parts or the raw body, then the bounce's own
 * In-Reply-To/References.
 */
export interface Bounce {
  /** null: the bounce quotes no Message-ID we could tie it by. */
  originalMessageId: string | null;
  /** false for delay warnings and success reports, which are informational. */
  failed: boolean;
  delayed: boolean;
  /** A success DSN (`Action: delivered`, RFC 3464): the reply reached the recipient's mailbox. */
  delivered: boolean;
  /** A final failure that says the address itself is bad (RFC 3463 5.1.x, "user unknown"). */
  hard: boolean;
  reason: string;
  status?: string;
  recipient?: string;
}

const ORIGINAL_PARTS = new Set([
  "message/rfc822",
  "text/rfc822-headers",
  "message/rfc822-headers",
  "message/global",
  "message/global-headers",
]);
const QUOTED_MESSAGE_ID = /^[ \t>|]*Message-ID[ \t]*:[ \t]*(?:\r?\n[ \t]+)?(<[^>\r\n]+>|[^\s<>]+@[^\s<>]+)/gim;
const WARNING_ONLY =
  /THIS IS A WARNING(?: MESSAGE)? ONLY|\bhas been delayed\b|\bstill being retried\b|\bwill (?:continue|keep) (?:trying|to (?:try|retry))|could not send mail for (?:the )?past|\bdelivery (?:is|has been) delayed|Delivery Status Notification \(Delay\)|配信が遅延/i;
const ADDRESS_BAD =
  /user unknown|unknown user|no such (?:user|mailbox|recipient|address)|does not exist|doesn't exist|invalid (?:recipient|mailbox|address)|recipient (?:address )?rejected|mailbox (?:unavailable|not found)|address rejected|not a valid|unrouteable|host (?:or domain name )?not found|宛先.{0,6}(?:不明|存在しません)|存在しない/i;

export function parseBounce(mail: ParsedMail, raw: Buffer, ownMessageId: string | null): Bounce {
  const dsnText = mail.attachments
    .filter((a) => a.contentType === "message/delivery-status" || a.contentType === "message/global-delivery-status")
    .map((a) => a.content.toString("utf8"))
    .join("\n");
  const text = mail.text ?? "";
  const rawBody = bodyOf(raw);
  const fields = reportFields(dsnText || text || rawBody);
  const originalMessageId = findOriginalMessageId(mail, [text, rawBody], ownMessageId);
  const action = fields.action?.toLowerCase();
  const status = /^[245]\.\d{1,3}\.\d{1,3}/.exec(fields.status ?? "")?.[0];
  const warning = WARNING_ONLY.test(`${mail.subject ?? ""}\n${text.slice(0, 5000)}`);
  let failed: boolean;
  if (action) failed = action === "failed";
  else if (status) failed = status.startsWith("5");
  else failed = !warning;
  const delayed = action ? action === "delayed" : !failed && warning;
  // Postfix words its success report "deliverable" (with a 2.x.x status); RFC 3464 says "delivered".
  const delivered = action === "delivered" || (action === "deliverable" && !!status?.startsWith("2"));
  const diagnostic = fields["diagnostic-code"]?.replace(/^\s*smtp\s*;\s*/i, "");
  const reason =
    [status && `status ${status}`, diagnostic].filter(Boolean).join(": ") ||
    summary(text) ||
    (failed ? "bounced" : delivered ? "delivered" : "delayed");
  const hard = failed && (status ? status.startsWith("5.1.") : ADDRESS_BAD.test(`${diagnostic ?? ""}\n${text.slice(0, 5000)}`));
  const recipient = normalizeEmail(fields["final-recipient"]?.replace(/^\s*rfc822\s*;\s*/i, "").trim() ?? "") ?? undefined;
  return { originalMessageId, failed, delayed, delivered, hard, reason: reason.slice(0, 1000), status, recipient };
}

/** The quoted original's Message-ID: from its own part, from text the MTA folded it into, or from the bounce's threading headers. */
function findOriginalMessageId(mail: ParsedMail, texts: string[], own: string | null): string | null {
  const parts = mail.attachments.filter((a) => ORIGINAL_PARTS.has(a.contentType)).map((a) => a.content.toString("utf8"));
  for (const source of [...parts, ...texts]) {
    for (const m of source.matchAll(QUOTED_MESSAGE_ID)) {
      const id = cleanMessageId(m[1]!);
      if (id && id !== own) return id;
    }
  }
  const threading = [mail.inReplyTo, ...(Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [])];
  for (const ref of threading) {
    const id = cleanMessageId(ref?.split(/\s+/)[0]);
    if (id && id !== own) return id;
  }
  return null;
}

/** Per-recipient DSN fields (first recipient wins; a bounce to us lists one recipient in practice). */
export function reportFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const unfolded = text.replace(/\r?\n[ \t]+/g, " ");
  for (const line of unfolded.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    if (!(key in fields)) fields[key] = m[2]!.trim();
  }
  return fields;
}

/** The raw body after the top header block: where flattened reports and unparsed parts still hold the quoted original. */
export function bodyOf(raw: Buffer): string {
  const s = raw.subarray(0, 2 * 1024 * 1024).toString("latin1");
  const end = s.search(/\r?\n\r?\n/);
  return end === -1 ? "" : s.slice(end);
}

function summary(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 3)
    .join(" ");
}
