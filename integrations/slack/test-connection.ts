import type { ConnectionTest, InboxRuntime } from "~/integrations/core/types.ts";
import type { SlackConfig } from "./config.ts";
import { slackClient } from "./web-client.ts";

/** auth.test with the inbox's bot token: which workspace and bot user it signs in as. */
export async function testSlackConnection(inbox: InboxRuntime<SlackConfig>): Promise<ConnectionTest> {
  try {
    const res = await slackClient(inbox.config).auth.test();
    return { ok: true, message: `Slack: signed in to ${res.team ?? res.team_id} as ${res.user ?? res.user_id}` };
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    return { ok: false, message: `Slack: ${code ?? (err instanceof Error ? err.message : String(err)).slice(0, 300)}` };
  }
}
