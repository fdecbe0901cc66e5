/**
 * Email address handling: normalisation (lower-cased, display name and brackets removed) and the
 * per-conversation reply address `<local>+r-<replyToken>@<domain>`. Sub-addressing with `+` is
 * understood by our own SMTP listener and by Gmail, Microsoft 365, Fastmail and Dovecot/Postfix
 * setups, so replies reach the same mailbox even when the inbox is polled over IMAP.
 */
const EMAIL_RE = /^[^\s@<>()",;:\\[\]]+@[^\s@<>()",;:\\[\]]+\.[^\s@<>()",;:\\[\]]+$/;
const TOKEN_RE = /^[A-Za-z0-9_-]{4,64}$/;

export function normalizeEmail(raw: string): string | null {
  let value = raw.trim();
  const angle = /<([^<>]*)>\s*$/.exec(value);
  if (angle) value = angle[1]!.trim();
  value = value.replace(/^mailto:/i, "").toLowerCase();
  if (value.length > 254 || !EMAIL_RE.test(value)) return null;
  return value;
}

function split(address: string): { local: string; domain: string } {
  const at = address.lastIndexOf("@");
  return { local: address.slice(0, at), domain: address.slice(at + 1) };
}

export function domainOf(address: string): string {
  return split(address).domain;
}

export function replyAddress(inboxAddress: string, replyToken: string): string {
  const { local, domain } = split(inboxAddress);
  return `${local}+r-${replyToken}@${domain}`;
}

/**
 * Does `recipient` belong to the inbox at `inboxAddress`? The plain address, any `+tag` of it, and
 * the reply address all do; the token is returned with its original case (tokens are opaque).
 */
export function matchInboxRecipient(recipient: string, inboxAddress: string): { replyToken?: string } | null {
  const raw = recipient.trim().replace(/^<|>$/g, "");
  const normalized = normalizeEmail(raw);
  if (!normalized) return null;
  const inbox = split(inboxAddress.toLowerCase());
  const got = split(normalized);
  if (got.domain !== inbox.domain) return null;
  if (got.local === inbox.local) return {};
  if (!got.local.startsWith(`${inbox.local}+`)) return null;
  const tag = split(raw).local.slice(inbox.local.length + 1);
  if (/^r-/i.test(tag) && TOKEN_RE.test(tag.slice(2))) return { replyToken: tag.slice(2) };
  return {};
}
