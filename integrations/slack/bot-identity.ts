import { createHash } from "node:crypto";
import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { HostInfrastructure } from "~/integrations/core/host.ts";
import type { SlackConfig } from "./config.ts";
import { slackClient } from "./web-client.ts";

/** Who the bot is in Slack: its user id (to ignore our own messages) and its workspace (to tell colleagues from guests). */
export interface BotIdentity {
  userId?: string;
  teamId?: string;
}

/**
 * The bot's identity (from auth.test), kept in the inbox state so it survives restarts and
 * re-fetched when the token changes. The inbox passed in is not changed (it may be a node's shared
 * copy): the answer is returned, and the saved state is read by the next event.
 */
export async function botIdentity(host: HostInfrastructure, inbox: InboxRuntime<SlackConfig>): Promise<BotIdentity> {
  // A hash, not the token: inbox state is not secret storage.
  const fingerprint = createHash("sha256").update(inbox.config.botToken).digest("hex").slice(0, 16);
  const { botUserId, botTeamId, botTokenHash } = inbox.state;
  if (typeof botUserId === "string" && botTokenHash === fingerprint)
    return { userId: botUserId, teamId: typeof botTeamId === "string" ? botTeamId : undefined };
  try {
    const res = await slackClient(inbox.config).auth.test();
    if (!res.user_id) return {};
    await host.saveInboxState(inbox.id, { botUserId: res.user_id, botTeamId: res.team_id, botTokenHash: fingerprint });
    return { userId: res.user_id, teamId: res.team_id };
  } catch (err) {
    host.log.warn(`slack inbox ${inbox.id}: auth.test failed (${err instanceof Error ? err.message : String(err)})`);
    return {};
  }
}
