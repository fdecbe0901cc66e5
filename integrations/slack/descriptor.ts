import type { ChannelDescriptor } from "~/integrations/core/descriptor.ts";
import { type SlackConfig, slackConfigSchema, slackSecretKeys } from "./config.ts";

/** Slack truncates a message's text beyond 40,000 characters. */
const SLACK_MAX_TEXT = 40_000;

export const slackDescriptor = {
  kind: "slack",
  identityKind: "slack",
  configSchema: slackConfigSchema,
  secretKeys: slackSecretKeys,
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
} as const satisfies ChannelDescriptor<SlackConfig>;
