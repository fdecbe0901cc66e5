import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { HostWith } from "~/integrations/core/host.ts";
import { parseAgentIntent, REPLY_PREFIX } from "./agent-prefix.ts";
import { NOT_A_USER, switchboardUserFor, tellUser } from "./agent-user.ts";
import type { SlackConfig } from "./config.ts";
import type { ParsedSlackEvent } from "./parse-event.ts";

type SlackMessage = Extract<ParsedSlackEvent, { kind: "message" }>;

/**
 * An agent replied in the internal thread of a notification. By default that is an internal
 * note on the conversation; `!reply …` sends it to the customer through the conversation's own
 * channel, so an email or SMS customer can be answered from Slack.
 */
export async function handleAgentThreadReply(
  host: HostWith<"agents">,
  inbox: InboxRuntime<SlackConfig>,
  msg: SlackMessage,
  conversationId: string,
): Promise<void> {
  const target = { channel: msg.channel, user: msg.user, threadTs: msg.threadTs };
  const agent = await switchboardUserFor(host, inbox, msg.user);
  if (!agent) return tellUser(host, inbox, target, NOT_A_USER);
  const intent = parseAgentIntent(msg.text);
  if (!intent.text) {
    if (intent.mode === "reply") await tellUser(host, inbox, target, `Nothing to send: write the reply after ${REPLY_PREFIX}.`);
    return;
  }
  try {
    if (intent.mode === "reply") {
      await host.agents.sendReply(conversationId, agent.id, intent.text);
      await tellUser(host, inbox, target, "Sent to the customer.");
    } else {
      await host.agents.addNote(conversationId, agent.id, intent.text);
    }
  } catch (err) {
    // Refusals (no permission, conversation closed…) are the agent's to see, not a failed event.
    await tellUser(host, inbox, target, `Switchboard could not do that: ${err instanceof Error ? err.message : String(err)}`);
  }
}
