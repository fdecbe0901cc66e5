import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { HostWith } from "~/integrations/core/host.ts";
import type { BotIdentity } from "./bot-identity.ts";
import type { SlackConfig } from "./config.ts";
import { ingestCustomerMessage } from "./customer-message.ts";
import { parseSlackEvent } from "./parse-event.ts";
import { isStaffMessage } from "./staff-message.ts";
import { slackKey } from "./thread-key.ts";
import { slackClient } from "./web-client.ts";

type ChannelLink = { contactId: string | null; companyId: string | null };

/**
 * A reply whose thread root we have not stored: Slack delivered the events out of order, or the
 * thread began before the channel was linked. Fetch the root (conversations.replies) and ingest it
 * first so the reply joins its conversation instead of opening a stray one. Best effort: if the
 * root cannot be read, the reply is still taken, threaded by its key alone.
 */
export async function backfillThreadRoot(
  host: HostWith<"inbound">,
  inbox: InboxRuntime<SlackConfig>,
  bot: BotIdentity,
  channel: string,
  threadTs: string,
  link: ChannelLink,
): Promise<void> {
  if (await host.inbound.findConversationByProviderId(inbox.id, slackKey(channel, threadTs))) return;
  let root: Record<string, unknown> | undefined;
  try {
    const res = await slackClient(inbox.config).conversations.replies({ channel, ts: threadTs, limit: 1, inclusive: true });
    root = (res.messages ?? []).find((m) => m.ts === threadTs) as Record<string, unknown> | undefined;
  } catch (err) {
    host.log.warn(
      `slack inbox ${inbox.id}: thread root ${channel}:${threadTs} unavailable (${err instanceof Error ? err.message : String(err)})`,
    );
    return;
  }
  if (!root) return;
  const parsed = parseSlackEvent({ team_id: bot.teamId, event: { type: "message", ...root, channel } }, bot.userId);
  if (parsed.kind !== "message" || parsed.threadTs) return;
  if (await isStaffMessage(inbox, bot, parsed)) return;
  await ingestCustomerMessage(host, inbox, parsed, link);
}
