import type { ChannelDescriptor } from "~/integrations/core/descriptor.ts";
import { type WebChatConfig, webChatConfigSchema } from "./config.ts";

export const webChatDescriptor = {
  kind: "web_chat",
  identityKind: "chat_visitor",
  label: { en: "Web chat", ja: "Webチャット" },
  identityLabel: { en: "Chat visitor", ja: "チャット訪問者" },
  icon: { viewBox: "0 0 24 24", paths: ["M4 5h16v11H9l-5 4z"] },
  configSchema: webChatConfigSchema,
  secretKeys: [],
  configFields: [
    {
      name: "allowedOrigins",
      path: "allowedOrigins",
      type: "textarea",
      required: true,
      list: true,
      label: { en: "Allowed origins (one per line)", ja: "許可するオリジン（1 行に 1 つ）" },
    },
    { name: "greeting", path: "greeting", type: "text", label: { en: "Greeting", ja: "あいさつ文" } },
  ],
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
  strings: {},
} as const satisfies ChannelDescriptor<WebChatConfig>;
