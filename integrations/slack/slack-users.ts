import type { SlackConfig } from "./config.ts";
import { slackClient } from "./web-client.ts";

export interface SlackUserInfo {
  id: string;
  name: string;
  /** Only when the app has users:read.email and the person's workspace shares it. */
  email?: string;
  isBot: boolean;
  /** Single- and multi-channel guests: outsiders inside our own workspace (customers, not staff). */
  isGuest: boolean;
}

// Names and emails change rarely; a short cache keeps a busy thread from costing one
// users.info call (Tier 4 rate limit) per message while still picking up renames soon.
const TTL_MS = 5 * 60 * 1000;
const MAX_ENTRIES = 5_000;
const cache = new Map<string, { at: number; info: SlackUserInfo }>();

export async function getSlackUser(config: SlackConfig, userId: string, now = Date.now()): Promise<SlackUserInfo | null> {
  const key = `${config.apiUrl ?? ""}\u0000${config.botToken}\u0000${userId}`;
  const hit = cache.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.info;
  try {
    const res = await slackClient(config).users.info({ user: userId });
    const user = res.user;
    if (!user) return null;
    const profile = user.profile ?? {};
    const info: SlackUserInfo = {
      id: userId,
      name: profile.display_name || profile.real_name || user.real_name || user.name || userId,
      email: profile.email ? profile.email.trim().toLowerCase() : undefined,
      isBot: Boolean(user.is_bot),
      isGuest: Boolean(user.is_restricted || user.is_ultra_restricted),
    };
    if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, { at: now, info });
    return info;
  } catch {
    // Failures are not cached: the message is still taken, just without the profile.
    return null;
  }
}

const byEmail = new Map<string, { at: number; id: string | null }>();

/** The Slack member with this email in the bot's workspace (to @-mention an agent), or null. */
export async function findSlackUserByEmail(config: SlackConfig, email: string, now = Date.now()): Promise<string | null> {
  const key = `${config.apiUrl ?? ""}\u0000${config.botToken}\u0000${email.toLowerCase()}`;
  const hit = byEmail.get(key);
  if (hit && now - hit.at < TTL_MS) return hit.id;
  try {
    const res = await slackClient(config).users.lookupByEmail({ email });
    const id = res.user?.id ?? null;
    if (byEmail.size >= MAX_ENTRIES) byEmail.delete(byEmail.keys().next().value!);
    byEmail.set(key, { at: now, id });
    return id;
  } catch {
    // users_not_found and failures alike: mention by name instead.
    return null;
  }
}
