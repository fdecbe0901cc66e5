import type { ChannelDescriptor } from "~/integrations/core/descriptor.ts";
import { type SlackConfig, slackConfigSchema, slackSecretKeys } from "./config.ts";

/** Slack truncates a message's text beyond 40,000 characters. */
const SLACK_MAX_TEXT = 40_000;

export const slackDescriptor = {
  kind: "slack",
  identityKind: "slack",
  label: { en: "Slack", ja: "Slack" },
  identityLabel: { en: "Slack", ja: "Slack" },
  icon: { viewBox: "0 0 24 24", paths: ["M9 3v18M15 3v18M3 9h18M3 15h18"] },
  configSchema: slackConfigSchema,
  secretKeys: slackSecretKeys,
  configFields: [
    {
      name: "signingSecret",
      path: "signingSecret",
      type: "password",
      required: true,
      secret: true,
      label: { en: "Signing secret", ja: "Signing Secret" },
    },
    { name: "botToken", path: "botToken", type: "password", required: true, secret: true, label: { en: "Bot token", ja: "Bot Token" } },
    { name: "apiUrl", path: "apiUrl", type: "url", label: { en: "API URL (optional)", ja: "API URL（任意）" } },
  ],
  capabilities: {
    threads: true,
    attachments: true,
    typing: false,
    deliveryReceipts: false,
    maxLength: SLACK_MAX_TEXT,
    smsSegments: false,
    optOut: false,
    cc: false,
    channelLinks: true,
    departmentChannels: true,
  },
  strings: {},
} as const satisfies ChannelDescriptor<SlackConfig>;
