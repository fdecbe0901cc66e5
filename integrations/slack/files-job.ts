import { PermanentSendError, RetryableSendError, type InboundAttachment, type InboxRuntime } from "~/integrations/core/types.ts";
import type { HostWith } from "~/integrations/core/host.ts";
import { OutboundFetchError, type OutboundResponse, outboundFetch } from "~/integrations/core/outbound-fetch.ts";
import { DEFAULT_SLACK_API_URL, type SlackConfig } from "./config.ts";
import type { SlackFileRef } from "./parse-event.ts";

export const FILES_JOB = "slack.files";
export interface FilesJobPayload {
  type: typeof FILES_JOB;
  messageId: string;
  files: SlackFileRef[];
}

const MAX_FILE_BYTES = 25 * 1024 * 1024;

/**
 * Downloads the files of a stored Slack message with the bot token and attaches them, all in one
 * addAttachments call so a retried job never leaves half the files attached twice.
 */
export async function runFilesJob(inbox: InboxRuntime<SlackConfig>, payload: FilesJobPayload, host: HostWith<"inbound">): Promise<void> {
  const attachments: InboundAttachment[] = [];
  for (const file of payload.files) {
    const content = await download(inbox.config, file);
    if (content) attachments.push({ filename: file.name, contentType: file.mimetype, content });
    else host.log.warn(`slack inbox ${inbox.id}: file ${file.id} skipped (not downloadable or over ${MAX_FILE_BYTES} bytes)`);
  }
  if (attachments.length > 0) await host.inbound.addAttachments(payload.messageId, attachments);
}

// Where Slack serves url_private(_download); the configured API origin too, for gateways and tests.
const SLACK_FILES_ORIGIN = "https://files.slack.com";

/**
 * Through the shared outbound-fetch guard (issue 17, finding 9): the URL comes from an event, so it must
 * start at Slack's file host or the configured API origin, may not reach private or loopback addresses,
 * and may not redirect to any other host; the bot token goes to that origin only.
 */
async function download(config: SlackConfig, file: SlackFileRef): Promise<Buffer | null> {
  let res: OutboundResponse;
  try {
    res = await outboundFetch(file.url, {
      origins: [SLACK_FILES_ORIGIN, new URL(config.apiUrl ?? DEFAULT_SLACK_API_URL).origin],
      headers: { authorization: `Bearer ${config.botToken}` },
      maxBytes: MAX_FILE_BYTES,
      timeoutMs: 60_000,
    });
  } catch (err) {
    if (!(err instanceof OutboundFetchError)) throw err;
    if (err.reason === "refused")
      throw new PermanentSendError(`Refusing to download Slack file ${file.id}: ${err.message}`, "untrusted_file_host");
    if (err.reason === "too_large") return null;
    throw new RetryableSendError(`Slack file download failed: ${err.message}`);
  }
  if (res.status === 429) {
    const seconds = Number(res.header("retry-after"));
    throw new RetryableSendError("Slack file download rate limited", Number.isFinite(seconds) ? seconds * 1000 : undefined);
  }
  if (res.status >= 500) throw new RetryableSendError(`Slack file download: HTTP ${res.status}`);
  // Without files:read Slack answers with its HTML sign-in page instead of the file.
  const type = res.header("content-type") ?? "";
  if (res.status < 200 || res.status >= 300 || (type.startsWith("text/html") && !file.mimetype.startsWith("text/html"))) return null;
  return res.body;
}

export function isFilesJob(payload: Record<string, unknown>): payload is FilesJobPayload & Record<string, unknown> {
  return payload.type === FILES_JOB && typeof payload.messageId === "string" && Array.isArray(payload.files);
}
