import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { HostWith } from "~/integrations/core/host.ts";
import type { SlackConfig } from "./config.ts";
import { getSlackUser } from "./slack-users.ts";
import { slackClient } from "./web-client.ts";

/** The Switchboard user behind a Slack user: matched by the email on their Slack profile. */
export async function switchboardUserFor(host: HostWith<"agents">, inbox: InboxRuntime<SlackConfig>, slackUserId: string) {
  const profile = await getSlackUser(inbox.config, slackUserId);
  if (!profile?.email) return null;
  return host.agents.findUserByEmail(profile.email);
}

/** A message only the acting Slack user sees (errors and confirmations of their actions). */
export async function tellUser(
  host: HostWith<"agents">,
  inbox: InboxRuntime<SlackConfig>,
  target: { channel: string; user: string; threadTs?: string },
  text: string,
): Promise<void> {
  try {
    await slackClient(inbox.config).chat.postEphemeral({ channel: target.channel, user: target.user, thread_ts: target.threadTs, text });
  } catch (err) {
    host.log.warn(`slack inbox ${inbox.id}: could not tell ${target.user}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export const NOT_A_USER =
  "Switchboard does not know you: your Slack profile's email must be the email of a Switchboard user (and users:read.email granted).";
