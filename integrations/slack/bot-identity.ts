import { createHash } from "node:crypto";
import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { HostInfrastructure } from "~/integrations/core/host.ts";
import type { SlackConfig } from "./config.ts";
import { slackClient } from "./web-client.ts";

/**
 * The bot's own Slack user id (from auth.test), needed to ignore our own messages. Kept in the
 * inbox state so it survives restarts; re-fetched when the token changes.
 */
export async function botUserId(host: HostInfrastructure, inbox: InboxRuntime<SlackConfig>): Promise<string | undefined> {
  // A hash, not the token: inbox state is not secret storage.
  const fingerprint = createHash("sha256").update(inbox.config.botToken).digest("hex").slice(0, 16);
  if (typeof inbox.state.botUserId === "string" && inbox.state.botTokenHash === fingerprint) return inbox.state.botUserId;
  try {
    const res = await slackClient(inbox.config).auth.test();
    if (!res.user_id) return undefined;
    await host.saveInboxState(inbox.id, { botUserId: res.user_id, botTeamId: res.team_id, botTokenHash: fingerprint });
    inbox.state = { ...inbox.state, botUserId: res.user_id, botTeamId: res.team_id, botTokenHash: fingerprint };
    return res.user_id;
  } catch (err) {
    host.log.warn(`slack inbox ${inbox.id}: auth.test failed (${err instanceof Error ? err.message : String(err)})`);
    return undefined;
  }
}
