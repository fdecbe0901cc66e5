import type { InboundAttachment } from "~/integrations/core/types.ts";
import { PermanentSendError, RetryableSendError } from "~/integrations/core/types.ts";
import { OutboundFetchError, type OutboundResponse, outboundFetch } from "~/integrations/core/outbound-fetch.ts";
import { TWILIO_API_BASE_URL, apiBaseUrlOf, type TwilioSmsConfig } from "./config.ts";

/** Twilio caps inbound MMS at 5 MB in total; 10 MB per file leaves room for compatible gateways. */
export const MEDIA_MAX_BYTES = 10 * 1024 * 1024;
export const MEDIA_TIMEOUT_MS = 20_000;

/** What phones send by MMS and agents can open safely; anything else is refused visibly. */
const EXTENSIONS: Record<string, string> = {
  "image/jpeg": ".jpg",
  "image/png": ".png",
  "image/gif": ".gif",
  "image/webp": ".webp",
  "image/heic": ".heic",
  "image/heif": ".heif",
  "image/bmp": ".bmp",
  "audio/mpeg": ".mp3",
  "audio/mp4": ".m4a",
  "audio/ogg": ".ogg",
  "audio/amr": ".amr",
  "audio/3gpp": ".3gp",
  "audio/wav": ".wav",
  "video/mp4": ".mp4",
  "video/3gpp": ".3gp",
  "video/quicktime": ".mov",
  "application/pdf": ".pdf",
  "text/vcard": ".vcf",
  "text/x-vcard": ".vcf",
  "text/calendar": ".ics",
  "text/plain": ".txt",
};

export function isAllowedMediaType(contentType: string): boolean {
  return contentType in EXTENSIONS;
}

export interface FetchMediaJob {
  type: "fetch-media";
  messageId: string;
  messageSid: string;
  /** Position in the MMS (MediaUrl0 → 0): names the file and keeps jobs of one message apart. */
  index: number;
  url: string;
  /** MediaContentTypeN as announced in the webhook. */
  contentType: string;
}

export function parseFetchMediaJob(payload: Record<string, unknown>): FetchMediaJob | null {
  const { type, messageId, messageSid, index, url, contentType } = payload;
  if (type !== "fetch-media") return null;
  if (typeof messageId !== "string" || typeof messageSid !== "string" || typeof url !== "string") return null;
  if (typeof index !== "number" || typeof contentType !== "string") return null;
  return { type, messageId, messageSid, index, url, contentType };
}

const baseType = (header: string | null) => (header ?? "").split(";")[0]!.trim().toLowerCase();

/** Twilio answers a media URL with a redirect to its CDN. */
const TWILIO_MEDIA_REDIRECT_HOSTS = [".twilio.com", ".twiliocdn.com"];

/**
 * Download one MMS media file, only from Twilio's API origin or the inbox's configured apiBaseUrl and
 * through the outbound-fetch guard: the URL comes from a webhook, and a signed webhook must not turn the
 * server into a proxy to internal addresses (issue 17, finding 9). Twilio serves media behind HTTP basic
 * auth (Account SID : Auth Token) when the account enforces it; the guard sends it to that origin only.
 * Throws RetryableSendError for what may pass (timeouts, 5xx, network) and PermanentSendError for
 * what will not (a refused URL, 404, an HTML page instead of media, a refused type, an oversized file).
 */
export async function fetchMedia(config: TwilioSmsConfig, job: FetchMediaJob): Promise<InboundAttachment> {
  const timeoutMs = config.mediaTimeoutMs ?? MEDIA_TIMEOUT_MS;
  const where = `media ${job.index + 1} of ${job.messageSid}`;

  let response: OutboundResponse;
  try {
    response = await outboundFetch(job.url, {
      origins: [TWILIO_API_BASE_URL, apiBaseUrlOf(config)],
      redirectHosts: TWILIO_MEDIA_REDIRECT_HOSTS,
      headers: { authorization: `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`).toString("base64")}` },
      maxBytes: MEDIA_MAX_BYTES,
      timeoutMs,
    });
  } catch (error) {
    if (!(error instanceof OutboundFetchError)) throw new RetryableSendError(`Could not download ${where}: ${(error as Error).message}`);
    if (error.reason === "refused") throw new PermanentSendError(`The URL of ${where} was refused: ${error.message}.`, "media_url_refused");
    if (error.reason === "too_large") throw tooLarge(where);
    if (error.reason === "timeout") throw new RetryableSendError(`Downloading ${where} timed out after ${Math.round(timeoutMs / 1000)} s.`);
    throw new RetryableSendError(`Could not download ${where}: ${error.message}`);
  }
  checkResponse(response, where);
  const content = response.body;

  const served = baseType(response.header("content-type"));
  const contentType = isAllowedMediaType(served) ? served : baseType(job.contentType);
  if (looksLikeHtml(content))
    throw new PermanentSendError(`Downloading ${where} returned an HTML page instead of the media file.`, "media_html");
  if (!isAllowedMediaType(contentType)) {
    throw new PermanentSendError(`The ${where} has type ${contentType || "unknown"}, which is not accepted.`, "media_type");
  }
  return { filename: `${job.messageSid}-${job.index + 1}${EXTENSIONS[contentType]}`, contentType, content };
}

function checkResponse(response: OutboundResponse, where: string) {
  const { status } = response;
  if (status === 429 || status >= 500) throw new RetryableSendError(`Downloading ${where} failed with HTTP ${status}; it will be retried.`);
  if (status >= 400) throw new PermanentSendError(`Downloading ${where} was refused with HTTP ${status}.`, `media_http_${status}`);
  const type = baseType(response.header("content-type"));
  if (type === "text/html" || type === "application/xhtml+xml") {
    throw new PermanentSendError(`Downloading ${where} returned an HTML page instead of the media file.`, "media_html");
  }
}

function tooLarge(where: string) {
  return new PermanentSendError(`The ${where} is larger than ${MEDIA_MAX_BYTES / 1024 / 1024} MB.`, "media_too_large");
}

/** A proxy error page served as image/jpeg is still not an image. */
function looksLikeHtml(content: Buffer): boolean {
  const head = content.subarray(0, 64).toString("utf8").trimStart().toLowerCase();
  return head.startsWith("<!doctype html") || head.startsWith("<html");
}
