import type { ChannelDescriptor } from "~/integrations/core/descriptor.ts";
import { type EmailConfig, emailConfigSchema, emailSecretKeys } from "./config.ts";

export const emailDescriptor = {
  kind: "email",
  identityKind: "email",
  configSchema: emailConfigSchema,
  secretKeys: emailSecretKeys,
  capabilities: {
    threads: true,
    attachments: true,
    typing: false,
    deliveryReceipts: true,
    maxLength: null,
    smsSegments: false,
    optOut: false,
    cc: true,
    channelLinks: false,
    departmentChannels: false,
  },
} as const satisfies ChannelDescriptor<EmailConfig>;
