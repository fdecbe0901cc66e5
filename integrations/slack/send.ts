import { webApi } from "@slack/bolt";
import {
  PermanentSendError,
  UnknownOutcomeSendError,
  type InboxRuntime,
  type OutboundMessage,
  type SendResult,
} from "~/integrations/core/types.ts";
import { requestNeverLeft } from "~/integrations/core/network-errors.ts";
import type { SlackConfig } from "./config.ts";
import { plainToSlackText } from "./mrkdwn.ts";
import { parseSlackKey, slackKey } from "./thread-key.ts";
import { classifySlackError, slackClient } from "./web-client.ts";

/**
 * Posts an agent's reply into the customer's Slack thread as the bot, shown under the agent's name
 * ("Aiko Tanaka (Support)", needs the chat:write.customize scope). Files are not uploaded to Slack:
 * they are linked by their expiring public URL, which keeps a send one API call. Email signatures
 * are left out: the agent's name is already on the message.
 */
export async function sendToSlack(inbox: InboxRuntime<SlackConfig>, message: OutboundMessage): Promise<SendResult> {
  const thread = parseSlackKey(message.conversation.threadKey);
  if (!thread) {
    throw new PermanentSendError("This conversation has no Slack thread to reply in", "no_slack_thread");
  }
  const text = composeText(message);
  if (!text.trim()) throw new PermanentSendError("Nothing to send: the reply is empty", "no_text");
  try {
    const res = await slackClient(inbox.config).chat.postMessage({
      channel: thread.channel,
      thread_ts: thread.ts,
      text,
      username: `${message.author.name} (${inbox.name})`.slice(0, 80),
      unfurl_links: false,
    });
    if (!res.ts) throw new PermanentSendError("Slack accepted the message but returned no ts", "no_ts");
    return { providerMessageId: slackKey(res.channel ?? thread.channel, res.ts), status: "sent", meta: { slackTs: res.ts } };
  } catch (err) {
    if (err instanceof PermanentSendError) throw err;
    // chat.postMessage takes no idempotency key: a lost answer may hide a posted message (issue 17, finding 8).
    if (err instanceof webApi.WebAPIRequestError && !requestNeverLeft(err)) {
      throw new UnknownOutcomeSendError(`No answer from Slack: ${err.message}`);
    }
    throw classifySlackError(err);
  }
}

function composeText(message: OutboundMessage): string {
  const parts = [plainToSlackText(message.text)];
  for (const a of message.attachments) parts.push(`📎 <${a.publicUrl}|${plainToSlackText(a.filename).replace(/[|]/g, "¦")}>`);
  return parts.filter(Boolean).join("\n\n");
}
