import type { ChannelDescriptor } from "~/integrations/core/descriptor.ts";
import { type TwilioSmsConfig, twilioSmsConfigSchema } from "./config.ts";

/** Twilio's limit for one message body (it splits it into up to 10 segments). */
const TWILIO_MAX_BODY = 1600;

export const twilioSmsDescriptor = {
  kind: "twilio_sms",
  identityKind: "phone",
  configSchema: twilioSmsConfigSchema,
  secretKeys: ["authToken"],
  capabilities: {
    threads: false,
    attachments: true,
    typing: false,
    deliveryReceipts: true,
    maxLength: TWILIO_MAX_BODY,
    smsSegments: true,
    optOut: true,
    cc: false,
    channelLinks: false,
    departmentChannels: false,
  },
} as const satisfies ChannelDescriptor<TwilioSmsConfig>;
