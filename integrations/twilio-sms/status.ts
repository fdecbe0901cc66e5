import type { DeliveryUpdate } from "~/integrations/core/host.ts";
import { describeTwilioError } from "./error-codes.ts";

/**
 * Twilio's MessageStatus → our delivery status. Intermediate states (queued, accepted, sending,
 * scheduled) carry nothing new for an agent: the message is already 'sent' once Twilio took it.
 * `read` (WhatsApp and RCS) counts as delivered; `canceled` (a scheduled message) as failed.
 */
const MAP: Record<string, DeliveryUpdate["status"]> = {
  sent: "sent",
  delivered: "delivered",
  read: "delivered",
  undelivered: "undelivered",
  failed: "failed",
  canceled: "failed",
};

export function parseStatusCallback(params: Record<string, string>): { messageSid: string; update: DeliveryUpdate | null } | null {
  const messageSid = params.MessageSid || params.SmsSid;
  const twilioStatus = (params.MessageStatus || params.SmsStatus || "").toLowerCase();
  if (!messageSid || !twilioStatus) return null;
  const status = MAP[twilioStatus];
  if (!status) return { messageSid, update: null };
  const errorCode = params.ErrorCode || undefined;
  const failed = status === "undelivered" || status === "failed";
  return {
    messageSid,
    update: {
      status,
      ...(failed ? { error: describeTwilioError(errorCode, `Twilio reported the message ${twilioStatus}.`) } : {}),
      meta: { twilioStatus, ...(errorCode ? { errorCode } : {}) },
    },
  };
}
