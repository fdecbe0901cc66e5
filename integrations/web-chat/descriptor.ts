import type { ChannelDescriptor } from "~/integrations/core/descriptor.ts";
import { type WebChatConfig, webChatConfigSchema } from "./config.ts";

export const webChatDescriptor = {
  kind: "web_chat",
  identityKind: "chat_visitor",
  configSchema: webChatConfigSchema,
  secretKeys: [],
  capabilities: {
    threads: false,
    attachments: true,
    typing: true,
    deliveryReceipts: false,
    maxLength: null,
    smsSegments: false,
    optOut: false,
    cc: false,
    channelLinks: false,
    departmentChannels: false,
  },
} as const satisfies ChannelDescriptor<WebChatConfig>;
