import twilio from "twilio";

/**
 * Twilio signs every webhook with the account's Auth Token over the URL it called (scheme, host,
 * path and query, exactly as configured in its console) plus the sorted form parameters. So the URL
 * checked here must be the PUBLIC one (PUBLIC_URL + path as received), never the internal address
 * a proxy forwarded to. Twilio's signature has no timestamp: a replayed request verifies, which is
 * why every effect of a webhook is idempotent (ingest on MessageSid, delivery status never going back).
 */
export function verifyTwilioSignature(opts: {
  authToken: string;
  signature: string | undefined;
  publicUrl: string;
  path: string;
  params: Record<string, string>;
}): boolean {
  if (!opts.signature) return false;
  const url = `${opts.publicUrl.replace(/\/+$/, "")}${opts.path}`;
  return twilio.validateRequest(opts.authToken, opts.signature, url, opts.params);
}

/** The X-Twilio-Signature value Twilio would send; used by tests and the local fake of Twilio. */
export function signTwilioRequest(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

export type WebhookKind = "sms" | "status";

export function webhookPath(inboxId: string, kind: WebhookKind): string {
  return `/webhooks/twilio/${encodeURIComponent(inboxId)}/${kind}`;
}

export function webhookUrl(publicUrl: string, inboxId: string, kind: WebhookKind): string {
  return `${publicUrl.replace(/\/+$/, "")}${webhookPath(inboxId, kind)}`;
}
