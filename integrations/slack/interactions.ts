import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { HostWith } from "~/integrations/core/host.ts";
import { NOT_A_USER, switchboardUserFor, tellUser } from "./agent-user.ts";
import type { SlackConfig } from "./config.ts";
import { slackTextToPlain } from "./mrkdwn.ts";
import { conversationOfThread } from "./notification-threads.ts";
import { slackClient } from "./web-client.ts";

/** Ids shared with the notification blocks and the app manifest's message shortcut. */
export const ACTION_ASSIGN_ME = "sb_assign_me";
export const ACTION_RESOLVE = "sb_resolve";
export const SHORTCUT_SEND_TO_CUSTOMER = "sb_send_to_customer";

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" ? (v as Json) : {});
const str = (v: unknown): string | undefined => (typeof v === "string" && v ? v : undefined);

/** Buttons on notifications (assign to me, resolve) and the "Send to customer" message shortcut. */
export async function handleInteraction(host: HostWith<"agents">, inbox: InboxRuntime<SlackConfig>, payload: Json): Promise<void> {
  const slackUser = str(obj(payload.user).id);
  const channel = str(obj(payload.channel).id);
  if (!slackUser || !channel) return;
  const message = obj(payload.message);
  const threadTs = str(message.thread_ts) ?? str(message.ts);
  const target = { channel, user: slackUser, threadTs };

  const agent = await switchboardUserFor(host, inbox, slackUser);
  if (!agent) return tellUser(host, inbox, target, NOT_A_USER);

  try {
    if (payload.type === "block_actions") {
      const action = obj(Array.isArray(payload.actions) ? payload.actions[0] : undefined);
      const conversationId = str(action.value);
      if (!conversationId) return;
      if (action.action_id === ACTION_ASSIGN_ME) {
        // The resulting conversation.assigned event posts "Assigned to …" in the thread.
        await host.agents.assign(conversationId, agent.id, agent.id);
      } else if (action.action_id === ACTION_RESOLVE) {
        await host.agents.setStatus(conversationId, "resolved", agent.id);
        await slackClient(inbox.config).chat.postMessage({ channel, thread_ts: threadTs, text: `Resolved by ${agent.name}.` });
      }
      return;
    }
    if (payload.type === "message_action" && payload.callback_id === SHORTCUT_SEND_TO_CUSTOMER) {
      const conversationId = threadTs ? await conversationOfThread(host, inbox.id, channel, threadTs) : null;
      const text = slackTextToPlain(str(message.text) ?? "").trim();
      if (!conversationId)
        return tellUser(host, inbox, target, "Use “Send to customer” on a message in a Switchboard notification thread.");
      if (!text) return tellUser(host, inbox, target, "That message has no text to send.");
      await host.agents.sendReply(conversationId, agent.id, text);
      await tellUser(host, inbox, target, "Sent to the customer.");
    }
  } catch (err) {
    await tellUser(host, inbox, target, `Switchboard could not do that: ${err instanceof Error ? err.message : String(err)}`);
  }
}
