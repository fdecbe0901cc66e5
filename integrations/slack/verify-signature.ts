import { verifySlackRequest } from "@slack/bolt";

/** Slack rejects, and so do we, requests whose timestamp is more than five minutes off. */
const MAX_SKEW_SECONDS = 5 * 60;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/**
 * Checks Slack's v0 signature: HMAC-SHA256 of `v0:{timestamp}:{raw body}` with the signing secret.
 * Bolt's helper does the HMAC and the staleness check; it only looks backwards in time, so a
 * timestamp far in the future (a request signed now to be replayed later) is rejected here too.
 */
export function checkSlackSignature(opts: {
  signingSecret: string;
  rawBody: string;
  signature: string | undefined;
  timestamp: string | undefined;
  nowMs?: number;
}): SignatureCheck {
  const { signature, timestamp } = opts;
  if (!signature || !timestamp) return { ok: false, reason: "missing X-Slack-Signature or X-Slack-Request-Timestamp" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "malformed X-Slack-Request-Timestamp" };
  const ts = Number(timestamp);
  const nowMs = opts.nowMs ?? Date.now();
  if (ts - Math.floor(nowMs / 1000) > MAX_SKEW_SECONDS) return { ok: false, reason: "request timestamp is in the future" };
  try {
    verifySlackRequest({
      signingSecret: opts.signingSecret,
      body: opts.rawBody,
      headers: { "x-slack-signature": signature, "x-slack-request-timestamp": ts },
      nowMilliseconds: nowMs,
    });
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
