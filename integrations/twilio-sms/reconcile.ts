import type { InboxRuntime, OutboundMessage, Reconciliation } from "~/integrations/core/types.ts";
import { normalizePhone } from "~/integrations/core/addresses/phone.ts";
import type { TwilioSmsConfig } from "./config.ts";
import { createTwilioClient } from "./twilio-client.ts";

/** Twilio's clock and ours may differ a little; a message created this long before we queued ours still counts. */
const CLOCK_SKEW_MS = 5 * 60_000;
const LOOKBACK_PAGE = 50;

/**
 * After a send whose answer was lost: does Twilio have this message? Twilio keeps no reference of
 * ours on a message (the create call takes no idempotency key, and the Messages list does not show
 * the StatusCallback), so we list the newest messages to the recipient from our sender and match the
 * body, created no earlier than we queued the reply. The core skips matches already recorded on
 * another of our messages (an identical earlier reply). Throws when Twilio cannot be asked.
 */
export async function reconcileSms(
  inbox: InboxRuntime<TwilioSmsConfig>,
  message: OutboundMessage,
  queuedAt: Date,
): Promise<Reconciliation> {
  const { config } = inbox;
  const recipient = message.to.find((a) => a.kind === "phone");
  const to = recipient ? normalizePhone(recipient.address) : null;
  if (!to) return { matches: [] };
  const body = message.text.trim();
  const listed = await createTwilioClient(config).messages.list({
    to,
    // A Messaging Service picks the sender from its pool: the recipient and the body must do.
    ...(config.messagingServiceSid ? {} : { from: config.phoneNumber }),
    limit: LOOKBACK_PAGE,
    pageSize: LOOKBACK_PAGE,
  });
  const since = queuedAt.getTime() - CLOCK_SKEW_MS;
  const matches = listed
    .filter((m) => (m.body ?? "") === body && m.direction !== "inbound" && (!m.dateCreated || m.dateCreated.getTime() >= since))
    // Oldest first: the earliest matching send is the one that timed out first.
    .sort((a, b) => (a.dateCreated?.getTime() ?? 0) - (b.dateCreated?.getTime() ?? 0))
    .map((m) => ({
      providerMessageId: m.sid,
      status: "sent" as const,
      meta: { twilioStatus: m.status, numSegments: m.numSegments, from: m.from, reconciled: true },
    }));
  return { matches };
}
