import type { ParsedMail } from "mailparser";
import { isDeliveryReport } from "./automated.ts";
import { cleanMessageId } from "./message-id.ts";

/**
 * Reads a bounce: the Message-ID of the message that failed and a human-readable reason.
 * Standard DSNs (RFC 3464: message/delivery-status + the original message or its headers) first;
 * non-standard mailer-daemon bounces best-effort from the quoted original headers in the body.
 */
export interface Bounce {
  originalMessageId: string;
  /** false for "delayed"/"relayed"/"delivered" reports, which are informational. */
  failed: boolean;
  reason: string;
  recipient?: string;
}

export function parseBounce(mail: ParsedMail, isMailerDaemon: boolean): Bounce | null {
  const dsnPart = mail.attachments.find((a) => a.contentType === "message/delivery-status");
  const originalPart = mail.attachments.find(
    (a) => a.contentType === "message/rfc822" || a.contentType === "text/rfc822-headers" || a.contentType === "message/rfc822-headers",
  );
  if (!isDeliveryReport(mail) && !isMailerDaemon) return null;
  const sources = [originalPart?.content.toString("utf8"), mail.text].filter((s): s is string => !!s);
  let originalMessageId: string | null = null;
  for (const s of sources) {
    const m = /^Message-ID:[ \t]*(?:\r?\n[ \t]+)?(<[^>\r\n]+>|\S+)/im.exec(s);
    if (m) {
      originalMessageId = cleanMessageId(m[1]!);
      if (originalMessageId) break;
    }
  }
  if (!originalMessageId) return null;
  const status = dsnPart ? dsnFields(dsnPart.content.toString("utf8")) : {};
  const action = status.action?.toLowerCase();
  const code = status.status;
  const failed = action ? action === "failed" : code ? code.startsWith("5") : true;
  const diagnostic = status["diagnostic-code"]?.replace(/^\s*smtp\s*;\s*/i, "");
  const reason = [code && `status ${code}`, diagnostic].filter(Boolean).join(": ") || firstLines(mail.text ?? "") || "bounced";
  const recipient = status["final-recipient"]?.replace(/^\s*rfc822\s*;\s*/i, "").trim() || undefined;
  return { originalMessageId, failed, reason: reason.slice(0, 1000), recipient };
}

// Per-recipient fields (first recipient wins; a bounce lists one recipient in practice).
function dsnFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const unfolded = text.replace(/\r?\n[ \t]+/g, " ");
  for (const line of unfolded.split(/\r?\n/)) {
    const m = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    if (!(key in fields)) fields[key] = m[2]!.trim();
  }
  return fields;
}

function firstLines(text: string): string {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(0, 3)
    .join(" ");
}
