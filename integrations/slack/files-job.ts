import { PermanentSendError, RetryableSendError, type InboundAttachment, type InboxRuntime } from "~/integrations/core/types.ts";
import type { HostWith } from "~/integrations/core/host.ts";
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

async function download(config: SlackConfig, file: SlackFileRef): Promise<Buffer | null> {
  if (!mayReceiveToken(config, file.url)) {
    throw new PermanentSendError(`Refusing to send the bot token to ${new URL(file.url).host}`, "untrusted_file_host");
  }
  let res: Response;
  try {
    res = await fetch(file.url, { headers: { Authorization: `Bearer ${config.botToken}` }, signal: AbortSignal.timeout(60_000) });
  } catch (err) {
    throw new RetryableSendError(`Slack file download failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (res.status === 429) {
    const seconds = Number(res.headers.get("retry-after"));
    throw new RetryableSendError("Slack file download rate limited", Number.isFinite(seconds) ? seconds * 1000 : undefined);
  }
  if (res.status >= 500) throw new RetryableSendError(`Slack file download: HTTP ${res.status}`);
  // Without files:read Slack answers with its HTML sign-in page instead of the file.
  const type = res.headers.get("content-type") ?? "";
  if (!res.ok || (type.startsWith("text/html") && !file.mimetype.startsWith("text/html"))) return null;
  if (Number(res.headers.get("content-length") ?? 0) > MAX_FILE_BYTES) return null;
  const content = Buffer.from(await res.arrayBuffer());
  return content.length > MAX_FILE_BYTES ? null : content;
}

/** The bot token may only travel to Slack itself (or the configured API host, for tests and gateways). */
function mayReceiveToken(config: SlackConfig, url: string): boolean {
  const target = new URL(url);
  const api = new URL(config.apiUrl ?? DEFAULT_SLACK_API_URL);
  if (target.host === api.host) return true;
  return target.protocol === "https:" && (target.hostname === "slack.com" || target.hostname.endsWith(".slack.com"));
}

export function isFilesJob(payload: Record<string, unknown>): payload is FilesJobPayload & Record<string, unknown> {
  return payload.type === FILES_JOB && typeof payload.messageId === "string" && Array.isArray(payload.files);
}
