import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { HostWith } from "~/integrations/core/host.ts";
import type { TwilioSmsConfig } from "./config.ts";
import { parseInboundSms } from "./inbound.ts";
import { parseStatusCallback } from "./status.ts";

/**
 * What a verified webhook does, apart from HTTP. The routes call these right after storing the raw
 * payload; the core calls `processStoredWebhook` again for payloads a crash left unprocessed, so
 * every step is idempotent (ingest on MessageSid, delivery status set to a value rather than toggled).
 * STOP / START take effect as of the message's first delivery (Twilio's webhook carries no send time):
 * a retried or replayed old STOP (same MessageSid) must not opt the customer out again after a later
 * START, yet a replay after a crash between ingest and opt-out still applies it (issue 17, finding 10).
 * Media downloads are queued by the core in the transaction that stores the message, so they are
 * queued exactly once: never lost to a crash, never doubled by a retry.
 */
export async function processIncomingSms(
  host: HostWith<"inbound" | "identities">,
  inbox: InboxRuntime<TwilioSmsConfig>,
  params: Record<string, string>,
) {
  const parsed = parseInboundSms(params, inbox.config);
  const jobs = parsed.media.map((media) => ({ type: "fetch-media", messageSid: parsed.message.providerMessageId, ...media }));
  // Stored first: STOP is still a message the agent should see.
  const result = await host.inbound.ingest(inbox.id, { ...parsed.message, jobs });
  if (parsed.keyword === "stop" || parsed.keyword === "start") {
    await host.identities.setOptOut(parsed.message.from, parsed.keyword === "stop", result.receivedAt);
  }
  return result;
}

export async function processStatusCallback(
  host: HostWith<"inbound">,
  inbox: InboxRuntime<TwilioSmsConfig>,
  params: Record<string, string>,
) {
  const parsed = parseStatusCallback(params);
  // The host keeps a delivered message delivered when callbacks arrive out of order.
  if (parsed?.update) await host.inbound.updateDelivery(inbox.id, parsed.messageSid, parsed.update);
}

/** Status callbacks carry MessageStatus; incoming messages only SmsStatus=received. */
export function isStatusCallback(params: Record<string, string>): boolean {
  return Boolean(params.MessageStatus) || (Boolean(params.SmsStatus) && params.SmsStatus !== "received");
}

export function parseForm(raw: Buffer): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(raw.toString("utf8")));
}

/** Re-runs a stored, already verified webhook body. */
export async function processStoredWebhook(
  inbox: InboxRuntime<TwilioSmsConfig>,
  payload: Buffer,
  host: HostWith<"inbound" | "identities">,
) {
  const params = parseForm(payload);
  if (isStatusCallback(params)) await processStatusCallback(host, inbox, params);
  else await processIncomingSms(host, inbox, params);
}
