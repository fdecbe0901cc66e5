import { createHmac, randomBytes } from "node:crypto";

/** A new endpoint secret: shown once, then only its ciphertext is kept. */
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString("base64url")}`;

/**
 * `X-Switchboard-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (issue 15). The
 * timestamp is signed with the body, so a receiver can refuse replays older than a few minutes.
 */
export function signWebhook(secret: string, body: string, unixSeconds = Math.floor(Date.now() / 1000)) {
  const v1 = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${v1}`;
}
