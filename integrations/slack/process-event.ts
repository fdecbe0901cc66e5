import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { ChannelHost } from "~/integrations/core/host.ts";
import { handleAgentThreadReply } from "./agent-thread.ts";
import { botIdentity } from "./bot-identity.ts";
import type { SlackConfig } from "./config.ts";
import { ingestCustomerMessage } from "./customer-message.ts";
import { conversationOfThread } from "./notification-threads.ts";
import { parseSlackEvent } from "./parse-event.ts";
import { isStaffMessage, recordStaffMessage } from "./staff-message.ts";
import { slackKey } from "./thread-key.ts";
import { backfillThreadRoot } from "./thread-root.ts";

/**
 * Acts on one Events API envelope that has already been persisted and acknowledged. Exported on its
 * own so raw events left pending by a crash can be replayed through the same path.
 */
export async function processSlackEvent(
  host: ChannelHost,
  inbox: InboxRuntime<SlackConfig>,
  envelope: Record<string, unknown>,
): Promise<string> {
  const bot = await botIdentity(host, inbox);
  const event = parseSlackEvent(envelope, bot.userId);
  switch (event.kind) {
    case "ignored":
      return `ignored: ${event.reason}`;
    case "edited":
      await host.inbound.updateProviderMessage(inbox.id, slackKey(event.channel, event.ts), {
        text: event.text,
        meta: { slackEditedTs: event.editedTs },
      });
      return "edited";
    case "deleted":
      await host.inbound.updateProviderMessage(inbox.id, slackKey(event.channel, event.ts), { deleted: true });
      return "deleted";
    case "message": {
      // A reply under one of our notifications in a department channel is agents talking.
      if (event.threadTs) {
        const conversationId = await conversationOfThread(host, inbox.id, event.channel, event.threadTs);
        if (conversationId) {
          await handleAgentThreadReply(host, inbox, event, conversationId);
          return "agent reply";
        }
      }
      const link = await host.links.channelLink(inbox.id, event.channel);
      // Only channels an admin linked to a customer are customer conversations: the bot also sits
      // in internal channels whose chatter must never become tickets.
      if (!link) return `ignored: channel ${event.channel} is not linked to a customer`;
      if (event.threadTs) await backfillThreadRoot(host, inbox, bot, event.channel, event.threadTs, link);
      if (await isStaffMessage(inbox, bot, event)) return recordStaffMessage(host, inbox, event);
      await ingestCustomerMessage(host, inbox, event, link);
      return "ingested";
    }
  }
}

/** Crash recovery: the core hands back a body stored by the events route. */
export async function replayStoredSlackEvent(inbox: InboxRuntime<SlackConfig>, payload: Buffer, host: ChannelHost): Promise<void> {
  const envelope = JSON.parse(payload.toString("utf8")) as Record<string, unknown>;
  const outcome = await processSlackEvent(host, inbox, envelope);
  host.log.info(`slack event ${String(envelope.event_id)} replayed: ${outcome}`);
}
