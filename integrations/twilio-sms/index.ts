import { twilioSmsDescriptor } from "./descriptor.ts";
import type { ChannelAdapter } from "~/integrations/core/types.ts";
import { PermanentSendError } from "~/integrations/core/types.ts";
import type { TwilioSmsConfig } from "./config.ts";
import { fetchMedia, parseFetchMediaJob } from "./media.ts";
import { normalizePhone } from "~/integrations/core/addresses/phone.ts";
import { processStoredWebhook } from "./process-webhook.ts";
import { reconcileSms } from "./reconcile.ts";
import { sendSms } from "./send.ts";
import { webhookUrl } from "./signature.ts";
import { twilioWebhookRouter } from "./webhook-routes.ts";
import { testTwilioConnection } from "./test-connection.ts";

export type { TwilioSmsConfig } from "./config.ts";

/** SMS and MMS through Twilio (issue 4). Webhooks: /webhooks/twilio/:inboxId/sms and /status. */
export const twilioSmsAdapter: ChannelAdapter<TwilioSmsConfig> = {
  descriptor: twilioSmsDescriptor,
  normalizeAddress: (raw) => normalizePhone(raw),
  send: (inbox, message, host) => sendSms(inbox, message, host),
  reconcile: (inbox, message, queuedAt) => reconcileSms(inbox, message, queuedAt),
  async runJob(inbox, payload, host) {
    const job = parseFetchMediaJob(payload);
    if (!job) throw new PermanentSendError(`Unknown Twilio job: ${JSON.stringify(payload).slice(0, 200)}`, "unknown_job");
    const attachment = await fetchMedia(inbox.config, job);
    await host.inbound.addAttachments(job.messageId, [attachment]);
  },
  processRawEvent: (inbox, payload, host) => processStoredWebhook(inbox, payload, host),
  routes: (host) => twilioWebhookRouter(host),
  testConnection: testTwilioConnection,
  setupInfo: (publicUrl, inboxId) => [
    { label: "A message comes in (webhook, HTTP POST)", value: webhookUrl(publicUrl, inboxId, "sms") },
    { label: "Status callback URL (HTTP POST)", value: webhookUrl(publicUrl, inboxId, "status") },
  ],
};
