import { z } from "zod";

/** An inbox of kind `slack`: one Slack app (bot) installed in one workspace. */
export const slackConfigSchema = z.object({
  signingSecret: z.string().trim().min(1, "The Slack signing secret is required"),
  botToken: z
    .string()
    .trim()
    .regex(/^xoxb-/, "The bot token starts with xoxb- (Slack app → OAuth & Permissions → Bot User OAuth Token)"),
  /** Slack Web API base; only changed for tests and Slack-compatible gateways. */
  apiUrl: z.url().optional(),
});

export type SlackConfig = z.infer<typeof slackConfigSchema>;

export const slackSecretKeys = ["signingSecret", "botToken"] as const;

export const DEFAULT_SLACK_API_URL = "https://slack.com/api/";
