import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { HostWith } from "~/integrations/core/host.ts";
import { switchboardUserFor } from "./agent-user.ts";
import type { BotIdentity } from "./bot-identity.ts";
import type { SlackConfig } from "./config.ts";
import type { ParsedSlackEvent } from "./parse-event.ts";
import { getSlackUser } from "./slack-users.ts";
import { slackKey } from "./thread-key.ts";

type SlackMessage = Extract<ParsedSlackEvent, { kind: "message" }>;

/**
 * In a shared channel our own colleagues write too. They are members of the bot's workspace and not
 * guests; treating them as the customer would attach their Slack identity (and email) to the
 * customer's contact. Guests of our workspace are customers.
 */
export async function isStaffMessage(inbox: InboxRuntime<SlackConfig>, bot: BotIdentity, msg: SlackMessage): Promise<boolean> {
  if (!bot.teamId || msg.team !== bot.teamId) return false;
  const user = await getSlackUser(inbox.config, msg.user);
  return !user?.isGuest;
}

/**
 * A colleague answered the customer directly in Slack. The port has no way to record an outbound
 * message sent outside Switchboard, so it is kept as a note on the conversation (when the thread
 * and the person are known), saying it was visible to the customer.
 */
export async function recordStaffMessage(
  host: HostWith<"inbound" | "agents">,
  inbox: InboxRuntime<SlackConfig>,
  msg: SlackMessage,
): Promise<string> {
  if (!msg.threadTs || !msg.text.trim()) return "ignored: staff message outside a customer thread";
  const conversation = await host.inbound.findConversationByProviderId(inbox.id, slackKey(msg.channel, msg.threadTs));
  if (!conversation) return "ignored: staff message in an unknown thread";
  const agent = await switchboardUserFor(host, inbox, msg.user);
  if (!agent) return "ignored: staff message by someone who is not a Switchboard user";
  await host.agents.addNote(conversation.conversationId, agent.id, `Replied in Slack (seen by the customer):\n${msg.text}`);
  return "staff reply recorded as note";
}
