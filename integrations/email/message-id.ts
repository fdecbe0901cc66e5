import { createHash } from "node:crypto";

/**
 * Message-IDs are compared without angle brackets and whitespace. The local part is
 * case-sensitive (RFC 5322), so the case is kept.
 */
export function cleanMessageId(raw: string | undefined | null): string | null {
  if (!raw) return null;
  const v = raw.replace(/\s+/g, "").replace(/^<+|>+$/g, "");
  if (!v || v.length > 998 || /[<>]/.test(v)) return null;
  return v;
}

/** All Message-IDs in a References / In-Reply-To value, in order, de-duplicated. */
export function messageIdList(values: (string | string[] | undefined)[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    for (const item of Array.isArray(value) ? value : value ? [value] : []) {
      const found = item.match(/<[^<>]+>/g) ?? item.split(/\s+/);
      for (const f of found) {
        const id = cleanMessageId(f);
        if (id && !out.includes(id)) out.push(id);
      }
    }
  }
  return out.slice(-100);
}

/** A stable id for mail without a Message-ID, so a retried delivery is still a duplicate. */
export function rawMessageHash(raw: Buffer): string {
  return `sha256-${contentHash(raw)}@switchboard.invalid`;
}

export function contentHash(raw: Buffer): string {
  return createHash("sha256").update(raw).digest("hex");
}

/**
 * The raw event key of a received mail (SMTP and IMAP): the Message-ID plus a content hash, so the
 * same bytes again are a retry while another mail reusing the Message-ID is stored too.
 */
export function rawEventId(raw: Buffer): string {
  const hash = contentHash(raw);
  const messageId = cleanMessageId(/^Message-ID:[ \t]*(?:\r?\n[ \t]+)?(\S+)/im.exec(headerPart(raw))?.[1]);
  return messageId ? `${messageId}#${hash.slice(0, 16)}` : `sha256:${hash}`;
}

function headerPart(raw: Buffer): string {
  const text = raw.subarray(0, 256 * 1024).toString("latin1");
  const end = text.search(/\r?\n\r?\n/);
  return end === -1 ? text : text.slice(0, end);
}
