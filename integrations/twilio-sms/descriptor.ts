import type { ChannelDescriptor } from "~/integrations/core/descriptor.ts";
import { type TwilioSmsConfig, twilioSmsConfigSchema } from "./config.ts";

/** Twilio's limit for one message body (it splits it into up to 10 segments). */
const TWILIO_MAX_BODY = 1600;

export const twilioSmsDescriptor = {
  kind: "twilio_sms",
  identityKind: "phone",
  label: { en: "SMS", ja: "SMS" },
  identityLabel: { en: "Phone", ja: "電話" },
  icon: {
    viewBox: "0 0 24 24",
    paths: ["M8.5 2.5h7A2.5 2.5 0 0 1 18 5v14a2.5 2.5 0 0 1-2.5 2.5h-7A2.5 2.5 0 0 1 6 19V5a2.5 2.5 0 0 1 2.5-2.5z", "M10.5 18.5h3"],
  },
  configSchema: twilioSmsConfigSchema,
  secretKeys: ["authToken"],
  configFields: [
    { name: "accountSid", path: "accountSid", type: "text", required: true, label: { en: "Account SID", ja: "Account SID" } },
    { name: "authToken", path: "authToken", type: "password", required: true, secret: true, label: { en: "Auth token", ja: "Auth Token" } },
    { name: "phoneNumber", path: "phoneNumber", type: "text", label: { en: "Phone number (E.164)", ja: "電話番号（E.164 形式）" } },
    {
      name: "messagingServiceSid",
      path: "messagingServiceSid",
      type: "text",
      label: { en: "Messaging service SID", ja: "Messaging Service SID" },
    },
    { name: "apiBaseUrl", path: "apiBaseUrl", type: "url", label: { en: "API base URL (optional)", ja: "API ベース URL（任意）" } },
  ],
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
  strings: {
    optedOut: {
      en: "This customer opted out of SMS. Replies cannot be sent until they text START.",
      ja: "この顧客は SMS の受信を停止しています。START が送られるまで返信できません。",
    },
  },
} as const satisfies ChannelDescriptor<TwilioSmsConfig>;
