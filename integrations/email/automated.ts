import type { ParsedMail } from "mailparser";

/**
 * Signals that a mail was sent by a machine, read the way real MTAs and auto-responders send them
 * (decision 013). Bounces are told apart first (mail-system senders, the null envelope sender,
 * delivery reports), since many MTAs also stamp their bounces `Auto-Submitted` or `Precedence`;
 * what is left and carries an auto-reply signal is an auto-reply: stored, but never answered.
 */

/** A header's value as lower-cased text (mailparser returns strings or structured values). */
export function headerText(mail: ParsedMail, name: string): string | undefined {
  const v = mail.headers.get(name);
  if (v === undefined || v === null) return undefined;
  return (typeof v === "string" ? v : typeof v === "object" && "value" in v ? String(v.value) : String(v)).trim().toLowerCase();
}

// Exchange "Automatic reply:", Gmail/Apple "Auto reply", "Out of Office", German, French, Spanish, Japanese.
const AUTO_REPLY_SUBJECT =
  /^\s*(?:automatic reply|auto(?:matic)?[- ]?(?:reply|response|respons)|autoreply|out of (?:the )?office|abwesenheitsnotiz|automatische antwort|réponse automatique|absence|respuesta automática|fuera de la oficina)\b|自動応答|自動返信|不在(?:通知|連絡|のお知らせ)?|休暇/i;

/** Why a mail is an auto-reply or bulk mail (RFC 3834 and the de-facto headers), or null. */
export function autoReplyReason(mail: ParsedMail): string | null {
  const autoSubmitted = headerText(mail, "auto-submitted");
  if (autoSubmitted && autoSubmitted !== "no") return `auto-submitted: ${autoSubmitted}`;
  if (mail.headers.has("x-autoreply")) return "x-autoreply";
  if (mail.headers.has("x-autorespond")) return "x-autorespond";
  if (headerText(mail, "x-auto-response") !== undefined) return "x-auto-response";
  // Exchange sets it on its own automatic replies (and on little else a person sends).
  const suppress = headerText(mail, "x-auto-response-suppress");
  if (suppress && /\b(all|oof|autoreply)\b/.test(suppress)) return `x-auto-response-suppress: ${suppress}`;
  const apple = headerText(mail, "x-apple-action");
  if (apple && /vacation/.test(apple)) return `x-apple-action: ${apple}`;
  if (mail.headers.has("x-vacation") || mail.headers.has("x-ms-exchange-inbox-rules-loop")) return "vacation header";
  const precedence = headerText(mail, "precedence");
  if (precedence && /^(bulk|junk|list|auto_reply)$/.test(precedence)) return `precedence: ${precedence}`;
  if (AUTO_REPLY_SUBJECT.test(mail.subject ?? "")) return "auto-reply subject";
  return null;
}

// Local parts mail systems send bounces from: MTAs, KDDI's `no-reply@…dion.ne.jp`, Exchange's
// `Mail.Delivery.System@`, list managers (fml `-admin`, `owner-`), bounce handlers.
const MAIL_SYSTEM_LOCAL = /^(?:mailer-?daemon|mail-?daemon|postmaster|mail\.delivery\.system|mail-delivery-system|maildelivery|mdaemon)$/i;
// Senders that also send other automatic mail: a bounce only when the subject says so too.
const SOMETIMES_MAIL_SYSTEM_LOCAL = /^(?:bounces?(?:[+-].*)?|.*-admin|owner-.*|.*-owner|no-?reply|do-?not-?reply)$/i;
const MAIL_SYSTEM_NAME = /^(?:mail delivery (?:subsystem|system|service)|mailer-daemon|postmaster|mail administrator|mail system)\b/i;
// Subjects bounce notices carry; only trusted together with another mail-system signal.
const BOUNCE_SUBJECT =
  /undeliver|undelivered|returned mail|delivery (?:status|failure|failed|notification|report|problem)|mail delivery|failure notice|could not be delivered|not be delivered|delivery has failed|non[- ]?delivery|loop alert|error sending|warning.{0,30}could not send|delayed mail|mail system error|メール.{0,6}(?:エラー|不達|送信できません)|配信.{0,4}(?:失敗|エラー|不能)|送信エラー|宛先不明|未配達/i;

export interface SenderSignals {
  /** The SMTP envelope sender was `<>` (RFC 5321: bounces and other notices use the null sender). */
  nullSender: boolean;
  /** "yes": the From address (or display name) is a mail system's; "maybe": no From, a no-reply or a list-manager address. */
  mailSystem: "yes" | "maybe" | null;
  bounceSubject: boolean;
}

export function senderSignals(mail: ParsedMail, fromAddress: string | undefined, fromName: string | undefined, raw: Buffer): SenderSignals {
  const local = fromAddress?.split("@")[0] ?? "";
  return {
    nullSender: envelopeSenderIsNull(raw),
    // No usable From at all (`From: MAILER-DAEMON <>`) is only a hint: broken mail has none either.
    mailSystem:
      fromAddress && (MAIL_SYSTEM_LOCAL.test(local) || MAIL_SYSTEM_NAME.test(fromName ?? ""))
        ? "yes"
        : !fromAddress || SOMETIMES_MAIL_SYSTEM_LOCAL.test(local)
          ? "maybe"
          : null,
    bounceSubject: BOUNCE_SUBJECT.test(mail.subject ?? ""),
  };
}

/**
 * The first `Return-Path` of the top header block: the final MTA's record of the envelope sender
 * (RFC 5321 §4.4), stamped by our SMTP listener and by Dovecot/Postfix for IMAP mailboxes.
 */
export function envelopeSenderIsNull(raw: Buffer): boolean {
  const head = raw.subarray(0, 64 * 1024).toString("latin1");
  const end = head.search(/\r?\n\r?\n/);
  const m = /^Return-Path:[ \t]*(.*)$/im.exec(end === -1 ? head : head.slice(0, end));
  return !!m && /^<\s*>/.test(m[1]!.trim());
}

function reportType(mail: ParsedMail): string | undefined {
  const ct = mail.headers.get("content-type") as { value?: string; params?: Record<string, string> } | undefined;
  if (ct?.value?.toLowerCase() !== "multipart/report") return undefined;
  return ct.params?.["report-type"]?.toLowerCase();
}

/**
 * Whether to read the mail as a bounce, and whether it counts as one even when it quotes no
 * Message-ID. A null sender alone is not enough: RFC 3834 auto-replies use it too.
 */
export function bounceLikelihood(mail: ParsedMail, s: SenderSignals, autoReply: string | null): "certain" | "if-tied" | null {
  if (isDeliveryReport(mail) || s.mailSystem === "yes" || (s.bounceSubject && (s.nullSender || s.mailSystem))) return "certain";
  if (s.nullSender && !autoReply && !AUTO_REPLY_SUBJECT.test(mail.subject ?? "")) return "if-tied";
  if (s.bounceSubject && autoReply) return "if-tied";
  return null;
}

export function isDeliveryReport(mail: ParsedMail): boolean {
  return reportType(mail) === "delivery-status" || mail.attachments.some((a) => a.contentType === "message/delivery-status");
}

/**
 * A complaint: an ARF feedback report (RFC 5965), Hotmail's older "complaint about message from"
 * notice with the original attached, or an iCloud one-click unsubscribe (`X-Apple-Unsubscribe`).
 */
export function complaintKind(mail: ParsedMail, rawBody: string): "arf" | "hotmail" | "unsubscribe" | null {
  if (reportType(mail) === "feedback-report" || mail.attachments.some((a) => a.contentType === "message/feedback-report")) return "arf";
  // mailparser inlines an inline message/rfc822 part into the text, so the raw body is asked.
  if (/^\s*complaint about message from\b/i.test(mail.subject ?? "") && /^Content-Type:[ \t]*message\/rfc822/im.test(rawBody))
    return "hotmail";
  if (headerText(mail, "x-apple-unsubscribe") === "true") return "unsubscribe";
  return null;
}
