import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * Visitor tokens: `v1.<visitorId>.<HMAC(key, "token.<inboxId>.<visitorId>")>`. The visitor id (128
 * random bits) is the identity address agents see; the signature proves we issued it, so nothing per
 * visitor is stored and any node can verify. Bound to the inbox: a token works in one widget only.
 */
const VISITOR_ID = /^[A-Za-z0-9_-]{22}$/;
export const TOKEN_PURPOSE = "web-chat-visitor";

export function isVisitorId(value: string): boolean {
  return VISITOR_ID.test(value);
}

export function newVisitorId(): string {
  return randomBytes(16).toString("base64url");
}

function sign(key: Buffer, data: string) {
  return createHmac("sha256", key).update(data).digest("base64url");
}

function safeEqual(a: string, b: string) {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function issueToken(key: Buffer, inboxId: string, visitorId: string): string {
  return `v1.${visitorId}.${sign(key, `token.${inboxId}.${visitorId}`)}`;
}

/** The visitor id of a valid token for this inbox, or null. */
export function verifyToken(key: Buffer, inboxId: string, token: unknown): string | null {
  if (typeof token !== "string" || token.length > 200) return null;
  const [version, visitorId, sig, extra] = token.split(".");
  if (version !== "v1" || !visitorId || !sig || extra !== undefined || !isVisitorId(visitorId)) return null;
  return safeEqual(sig, sign(key, `token.${inboxId}.${visitorId}`)) ? visitorId : null;
}

/** Expiring link to one file of the visitor's thread; the route re-checks that the file is in it. */
export function signFileUrl(key: Buffer, inboxId: string, visitorId: string, attachmentId: string, ttlMs = 24 * 3600_000) {
  const exp = Math.floor((Date.now() + ttlMs) / 1000);
  const sig = sign(key, `file.${inboxId}.${visitorId}.${attachmentId}.${exp}`);
  const q = new URLSearchParams({ v: visitorId, exp: String(exp), sig });
  return `/widget/${encodeURIComponent(inboxId)}/files/${encodeURIComponent(attachmentId)}?${q}`;
}

export function verifyFileUrl(key: Buffer, inboxId: string, attachmentId: string, q: { v?: unknown; exp?: unknown; sig?: unknown }) {
  const visitorId = typeof q.v === "string" ? q.v : "";
  const exp = Number(q.exp);
  if (!isVisitorId(visitorId) || !Number.isInteger(exp) || exp * 1000 < Date.now() || typeof q.sig !== "string") return null;
  return safeEqual(q.sig, sign(key, `file.${inboxId}.${visitorId}.${attachmentId}.${exp}`)) ? visitorId : null;
}
