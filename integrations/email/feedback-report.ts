import type { ParsedMail } from "mailparser";
import { normalizeEmail } from "~/integrations/core/addresses/email.ts";
import { bodyOf, reportFields } from "./dsn.ts";
import { cleanMessageId } from "./message-id.ts";

/**
 * Reads a complaint (decision 013): which of our recipients complained and the Message-ID of the
 * mail they complained about. ARF (RFC 5965) names them in `Original-Rcpt-To`, Hotmail in
 * `X-HmXmrOriginalRecipient`, else the quoted original's `To`; an iCloud unsubscribe comes from the
 * recipient themself.
 */
export interface FeedbackReport {
  feedbackType: string;
  recipients: string[];
  originalMessageId: string | null;
}

const ADDRESS = /[^\s<>,;:"()]+@[^\s<>,;:"()]+/g;

export function parseFeedbackReport(
  mail: ParsedMail,
  raw: Buffer,
  kind: "arf" | "hotmail" | "unsubscribe",
  fromAddress: string | undefined,
): FeedbackReport {
  const reportPart = mail.attachments.find((a) => a.contentType === "message/feedback-report")?.content.toString("utf8");
  const original =
    mail.attachments.find((a) => a.contentType === "message/rfc822" || a.contentType === "text/rfc822-headers")?.content.toString("utf8") ??
    bodyOf(raw);
  const recipients = new Set<string>();
  const add = (text: string) => {
    for (const m of text.matchAll(ADDRESS)) {
      const a = normalizeEmail(m[0]);
      if (a) recipients.add(a);
    }
  };
  if (kind === "unsubscribe" && fromAddress) recipients.add(fromAddress);
  for (const line of `${reportPart ?? ""}\n${original}`.matchAll(/^(?:Original-Rcpt-To|X-HmXmrOriginalRecipient):\s*(.+)$/gim))
    add(line[1]!);
  if (recipients.size === 0) add(/^To:\s*(.+)$/im.exec(original)?.[1] ?? "");
  const id = kind === "unsubscribe" ? undefined : /^Message-ID[ \t]*:[ \t]*(?:\r?\n[ \t]+)?(<[^>\r\n]+>|\S+)/im.exec(original)?.[1];
  const feedbackType =
    kind === "arf" ? (reportFields(reportPart ?? bodyOf(raw))["feedback-type"] ?? "abuse") : kind === "hotmail" ? "abuse" : "unsubscribe";
  return {
    feedbackType: feedbackType.toLowerCase().slice(0, 50),
    recipients: [...recipients].slice(0, 20),
    originalMessageId: cleanMessageId(id),
  };
}
