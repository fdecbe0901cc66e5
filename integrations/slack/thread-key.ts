/**
 * Slack ids used as Switchboard keys. A message ts is only unique within its channel, so provider
 * message ids are `channel:ts` (two channels posting in the same microsecond must not collide on
 * the (inbox, providerMessageId) unique key), and a conversation's thread key is `channel:thread_ts`.
 */
export const slackKey = (channel: string, ts: string) => `${channel}:${ts}`;

export function parseSlackKey(key: string | null | undefined): { channel: string; ts: string } | null {
  if (!key) return null;
  const m = /^([A-Z0-9]+):(\d+\.\d+)$/.exec(key);
  return m ? { channel: m[1]!, ts: m[2]! } : null;
}
