import type { InboundMessage } from "~/integrations/core/types.ts";
import type { TwilioSmsConfig } from "./config.ts";
import { detectKeyword, type SmsKeyword } from "./keywords.ts";
import { inboxRegion, normalizePhone } from "~/integrations/core/addresses/phone.ts";

/** Twilio sends at most 10 media per MMS; more is not a Twilio request. */
const MAX_MEDIA = 10;
/** Twilio bodies are at most 1,600 characters; leave room for compatible gateways. */
export const MAX_INBOUND_BODY_CHARS = 10_000;

export interface ParsedInboundSms {
  message: InboundMessage;
  keyword: SmsKeyword | null;
  media: { index: number; url: string; contentType: string }[];
}

export class InboundSmsError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An incoming-message webhook (form parameters already signature-checked) as an InboundMessage.
 * Numbers Twilio sends are E.164 already; the inbox's own country is the default region only for
 * gateways that send national numbers.
 */
export function parseInboundSms(params: Record<string, string>, config: TwilioSmsConfig): ParsedInboundSms {
  const sid = params.MessageSid || params.SmsMessageSid || params.SmsSid;
  if (!sid) throw new InboundSmsError(400, "MessageSid is missing");
  if (params.AccountSid && params.AccountSid !== config.accountSid) {
    throw new InboundSmsError(400, "AccountSid does not match this inbox");
  }
  if (!params.From) throw new InboundSmsError(400, "From is missing");
  const region = inboxRegion(config);
  const from = normalizePhone(params.From, region);
  if (!from) throw new InboundSmsError(400, `From is not a valid phone number: ${params.From.slice(0, 40)}`);
  const to = (params.To && normalizePhone(params.To, region)) || params.To || config.phoneNumber || "";

  const text = params.Body ?? "";
  if (text.length > MAX_INBOUND_BODY_CHARS) throw new InboundSmsError(413, "Body is too long for an SMS");

  const numMedia = params.NumMedia ? Number.parseInt(params.NumMedia, 10) : 0;
  if (!Number.isInteger(numMedia) || numMedia < 0 || numMedia > MAX_MEDIA) {
    throw new InboundSmsError(400, "NumMedia must be between 0 and 10");
  }
  const media: ParsedInboundSms["media"] = [];
  for (let index = 0; index < numMedia; index++) {
    const url = params[`MediaUrl${index}`];
    if (!url || !/^https?:\/\//i.test(url)) throw new InboundSmsError(400, `MediaUrl${index} is missing or not an http(s) URL`);
    media.push({ index, url, contentType: params[`MediaContentType${index}`] ?? "" });
  }

  const keyword = detectKeyword(text);
  return {
    keyword,
    media,
    message: {
      providerMessageId: sid,
      from: { kind: "phone", address: from },
      text,
      // One thread per customer number and inbox number, so replies go out from the number written to.
      threading: { threadKey: `${from}>${to}` },
      meta: {
        twilio: {
          to,
          numMedia,
          numSegments: params.NumSegments ? Number.parseInt(params.NumSegments, 10) : undefined,
          fromCountry: params.FromCountry || undefined,
          messagingServiceSid: params.MessagingServiceSid || undefined,
        },
        ...(keyword ? { keyword } : {}),
      },
    },
  };
}
