import type { ConnectionTest, InboxRuntime } from "~/integrations/core/types.ts";
import type { TwilioSmsConfig } from "./config.ts";
import { createTwilioClient } from "./twilio-client.ts";

/** Fetches the inbox's Twilio account with its credentials (at its API base): nothing is sent. */
export async function testTwilioConnection(inbox: InboxRuntime<TwilioSmsConfig>): Promise<ConnectionTest> {
  const { accountSid } = inbox.config;
  try {
    const account = await createTwilioClient(inbox.config).api.v2010.accounts(accountSid).fetch();
    const ok = account.status === "active";
    return { ok, message: `Twilio account ${account.friendlyName} (${accountSid}): ${account.status}` };
  } catch (err) {
    const status = (err as { status?: number }).status;
    const text = (err instanceof Error ? err.message : String(err)).slice(0, 300);
    return { ok: false, message: `Twilio account ${accountSid}: ${status ? `HTTP ${status} ` : ""}${text}` };
  }
}
