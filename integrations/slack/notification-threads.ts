import type { HostInfrastructure } from "~/integrations/core/host.ts";
import { slackKey } from "./thread-key.ts";

/**
 * Which Switchboard conversation each notification we posted in a department's internal channel
 * belongs to, so a reply in its Slack thread lands on the right conversation and later updates
 * (assignment, mentions) go into the same thread. Kept in the inbox state, newest last, capped:
 * an old notification thread simply stops being linked. See the report's proposal for a table.
 */
const STATE_KEY = "notificationThreads";
const MAX_THREADS = 2_000;

type ThreadMap = Record<string, string>;

async function load(host: HostInfrastructure, inboxId: string): Promise<ThreadMap> {
  // Always read fresh: another node may have posted a notification since this inbox was loaded.
  const inbox = await host.getInbox(inboxId);
  const map = inbox?.state[STATE_KEY];
  return map && typeof map === "object" ? (map as ThreadMap) : {};
}

export async function conversationOfThread(
  host: HostInfrastructure,
  inboxId: string,
  channel: string,
  threadTs: string,
): Promise<string | null> {
  return (await load(host, inboxId))[slackKey(channel, threadTs)] ?? null;
}

export async function threadOfConversation(
  host: HostInfrastructure,
  inboxId: string,
  channel: string,
  conversationId: string,
): Promise<string | null> {
  const map = await load(host, inboxId);
  // Newest first: a conversation re-notified later continues in its latest thread.
  for (const key of Object.keys(map).reverse()) {
    if (map[key] === conversationId && key.startsWith(`${channel}:`)) return key.slice(channel.length + 1);
  }
  return null;
}

export async function rememberThread(
  host: HostInfrastructure,
  inboxId: string,
  channel: string,
  ts: string,
  conversationId: string,
): Promise<void> {
  const map = { ...(await load(host, inboxId)), [slackKey(channel, ts)]: conversationId };
  const keys = Object.keys(map);
  for (const key of keys.slice(0, Math.max(0, keys.length - MAX_THREADS))) delete map[key];
  await host.saveInboxState(inboxId, { [STATE_KEY]: map });
}
