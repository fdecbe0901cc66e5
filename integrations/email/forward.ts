import { normalizeEmail } from "~/integrations/core/addresses/email.ts";

/**
 * Recognises a forwarded message in a plain-text body and reads the original sender from its
 * header block, so a forward to the support address can open a ticket for the person who wrote
 * the original rather than the colleague who forwarded it.
 */
const MARKERS: RegExp[] = [
  /^\s*-{5,}\s*Forwarded message\s*-{5,}\s*$/im, // Gmail
  /^\s*-{3,}\s*(?:Weitergeleitete Nachricht|Message transféré|Mensaje reenviado)\s*-{3,}\s*$/im,
  /^\s*Begin forwarded message:\s*$/im, // Apple Mail
  /^\s*-{3,}\s*(?:転送メッセージ|転送されたメッセージ)\s*-{3,}\s*$/m, // Gmail (ja)
  /^\s*-{3,}\s*(?:Original Message|元のメッセージ)\s*-{3,}\s*$/im, // Outlook forwards use the same block as replies
  /^\s*_{10,}\s*$/m, // Outlook (new style)
];

const FROM_LINE = /^\s*\*?(?:From|Von|De|差出人|送信者)\*?\s*[:：]\s*(.+)$/im;

export interface ForwardInfo {
  from: { address: string; displayName?: string };
  subject?: string;
  /** The forwarder's own note above the forwarded block (may be empty). */
  note: string;
  /** The forwarded message: header block and body. */
  forwarded: string;
}

export function parseForward(text: string, subject: string | undefined): ForwardInfo | null {
  const body = text.replace(/\r\n?/g, "\n");
  const subjectSaysForward = /^\s*(?:fwd?|wg|tr|rv|enc|転送)\s*[:：]/i.test(subject ?? "");
  let marker: RegExpExecArray | null = null;
  for (const re of MARKERS) {
    const m = re.exec(body);
    if (m && (!marker || m.index < marker.index)) marker = m;
  }
  if (!marker) return null;
  // Outlook's generic separators also introduce quoted replies; only trust them when the subject says FW.
  const generic = /Original Message|元のメッセージ|^\s*_{10,}/im.test(marker[0]);
  if (generic && !subjectSaysForward) return null;
  const after = body.slice(marker.index + marker[0].length);
  const headerBlock = after
    .split(/\n\s*\n/)
    .slice(0, 2)
    .join("\n")
    .slice(0, 2000);
  const fromLine = FROM_LINE.exec(headerBlock);
  if (!fromLine) return null;
  const from = parseFromValue(fromLine[1]!);
  if (!from) return null;
  const subjectLine = /^\s*\*?(?:Subject|Betreff|Objet|Asunto|件名)\*?\s*[:：]\s*(.+)$/im.exec(headerBlock);
  return {
    from,
    subject: subjectLine?.[1]?.trim(),
    note: body.slice(0, marker.index).trim(),
    forwarded: after.trim(),
  };
}

// `Jane Doe <jane@x>`, `"Doe, Jane" <jane@x>`, `jane@x`, Outlook's `Jane Doe [mailto:jane@x]`.
function parseFromValue(value: string): ForwardInfo["from"] | null {
  const v = value.trim();
  const bracket = /^(.*?)\s*[<[](?:mailto:)?([^<>[\]\s]+@[^<>[\]\s]+)[>\]]\s*$/i.exec(v);
  if (bracket) {
    const address = normalizeEmail(bracket[2]!);
    if (!address) return null;
    const name = bracket[1]!.replace(/^["']|["']$/g, "").trim();
    return name ? { address, displayName: name } : { address };
  }
  const address = normalizeEmail(v);
  return address ? { address } : null;
}
