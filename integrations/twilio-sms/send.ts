import type { InboxRuntime, OutboundMessage, SendResult } from "~/integrations/core/types.ts";
import type { HostInfrastructure } from "~/integrations/core/host.ts";
import { PermanentSendError, RetryableSendError, UnknownOutcomeSendError } from "~/integrations/core/types.ts";
import { requestNeverLeft } from "~/integrations/core/network-errors.ts";
import type { TwilioSmsConfig } from "./config.ts";
import { describeTwilioError, explainTwilioError } from "./error-codes.ts";
import { normalizePhone } from "~/integrations/core/addresses/phone.ts";
import { webhookUrl } from "./signature.ts";
import { createTwilioClient } from "./twilio-client.ts";

/** Twilio refuses longer bodies (21617) and more than 10 media per message. */
export const MAX_BODY_CHARS = 1600;
export const MAX_MEDIA = 10;

export async function sendSms(
  inbox: InboxRuntime<TwilioSmsConfig>,
  message: OutboundMessage,
  host: Pick<HostInfrastructure, "publicUrl">,
): Promise<SendResult> {
  const { config } = inbox;
  const recipient = message.to.find((a) => a.kind === "phone");
  const to = recipient ? normalizePhone(recipient.address) : null;
  if (!to) throw new PermanentSendError("This conversation has no valid phone number to send the SMS to.", "no_recipient");

  const body = message.text.trim();
  const mediaUrl = message.attachments.map((a) => a.publicUrl);
  if (body === "" && mediaUrl.length === 0) throw new PermanentSendError("The SMS is empty.", "empty");
  if (body.length > MAX_BODY_CHARS) {
    throw new PermanentSendError(describeTwilioError(21617)!, "21617");
  }
  if (mediaUrl.length > MAX_MEDIA) {
    throw new PermanentSendError(`An MMS can carry at most ${MAX_MEDIA} attachments.`, "too_many_media");
  }

  const client = createTwilioClient(config);
  try {
    const sent = await client.messages.create({
      to,
      ...(body ? { body } : {}),
      ...(config.messagingServiceSid ? { messagingServiceSid: config.messagingServiceSid } : { from: config.phoneNumber }),
      ...(mediaUrl.length ? { mediaUrl } : {}),
      statusCallback: webhookUrl(host.publicUrl, inbox.id, "status"),
    });
    return {
      providerMessageId: sent.sid,
      status: "sent",
      meta: { twilioStatus: sent.status, numSegments: sent.numSegments, from: sent.from },
    };
  } catch (error) {
    throw toSendError(error);
  }
}

/**
 * Twilio REST failures → the outbox's kinds of failure. Rate limits, Twilio outages and a connection
 * that never opened may pass; a timeout or reset connection after the request went out is unknown
 * (Twilio may have created the message: the outbox reconciles, see reconcile.ts); a 4xx (bad number,
 * opted-out recipient, bad credentials) will not pass, and the agent sees the code with an explanation.
 */
export function toSendError(error: unknown): RetryableSendError | PermanentSendError | UnknownOutcomeSendError {
  const e = error as { status?: unknown; code?: unknown; message?: unknown };
  const status = typeof e?.status === "number" ? e.status : undefined;
  const code = typeof e?.code === "number" ? e.code : undefined;
  const detail = typeof e?.message === "string" ? e.message : String(error);
  if (status === undefined) {
    if (requestNeverLeft(error)) return new RetryableSendError(`Could not reach Twilio: ${detail}`);
    return new UnknownOutcomeSendError(`No answer from Twilio: ${detail}`);
  }
  if (status === 429) return new RetryableSendError(explainTwilioError(20429)!);
  if (status >= 500) return new RetryableSendError(`Twilio had an error (HTTP ${status}); the message will be retried.`);
  if (code !== undefined) return new PermanentSendError(describeTwilioError(code)!, String(code));
  return new PermanentSendError(`Twilio refused the message (HTTP ${status}): ${detail}`, String(status));
}
