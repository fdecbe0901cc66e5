import type { SecretBox } from "./secret-box.ts";

/** Expiring, signed public URL for one attachment (providers such as Twilio fetch MMS media by URL). */
export function signedAttachmentUrl(box: SecretBox, publicUrl: string, attachmentId: string, ttlMs = 24 * 3600_000) {
  const exp = Math.floor((Date.now() + ttlMs) / 1000);
  const sig = box.mac(`${attachmentId}.${exp}`);
  return `${publicUrl}/media/${encodeURIComponent(attachmentId)}?exp=${exp}&sig=${sig}`;
}

export function verifyAttachmentSignature(box: SecretBox, attachmentId: string, exp: string, sig: string) {
  const expires = Number(exp);
  if (!Number.isInteger(expires) || expires * 1000 < Date.now()) return false;
  return box.verifyMac(`${attachmentId}.${expires}`, sig);
}
