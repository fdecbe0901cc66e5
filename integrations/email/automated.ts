import type { ParsedMail } from "mailparser";

/**
 * Auto-replies, bounces and bulk mail (RFC 3834 and the de-facto headers of common auto-responders).
 * Such mail is still stored but never triggers automatic responses, so two auto-responders
 * cannot ping-pong through a ticket.
 */
export function automatedReason(mail: ParsedMail, fromAddress: string | undefined): string | null {
  const h = mail.headers;
  const text = (name: string) => {
    const v = h.get(name);
    if (v === undefined || v === null) return undefined;
    return (typeof v === "string" ? v : typeof v === "object" && "value" in v ? String(v.value) : String(v)).trim().toLowerCase();
  };
  const autoSubmitted = text("auto-submitted");
  if (autoSubmitted && autoSubmitted !== "no") return `auto-submitted: ${autoSubmitted}`;
  if (h.has("x-autoreply")) return "x-autoreply";
  if (h.has("x-autorespond")) return "x-autorespond";
  if (text("x-auto-response") !== undefined) return "x-auto-response";
  const precedence = text("precedence");
  if (precedence && /^(bulk|junk|list|auto_reply)$/.test(precedence)) return `precedence: ${precedence}`;
  if (isDeliveryReport(mail)) return "delivery-status report";
  if (fromAddress && /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon)@/i.test(fromAddress)) return "mailer-daemon";
  if (!fromAddress && (mail.headers.get("return-path") as { text?: string } | undefined)?.text === "<>") return "null sender";
  return null;
}

export function isDeliveryReport(mail: ParsedMail): boolean {
  const ct = mail.headers.get("content-type") as { value?: string; params?: Record<string, string> } | undefined;
  return ct?.value?.toLowerCase() === "multipart/report" && ct.params?.["report-type"]?.toLowerCase() === "delivery-status";
}
