import { webApi } from "@slack/bolt";
import { PermanentSendError, RetryableSendError } from "~/integrations/core/types.ts";
import { DEFAULT_SLACK_API_URL, type SlackConfig } from "./config.ts";

type WebClient = InstanceType<typeof webApi.WebClient>;

// The Web API client logs to the console by default; failures reach us as thrown errors instead.
const silentLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  setLevel() {},
  getLevel: () => webApi.LogLevel.ERROR,
  setName() {},
};

const clients = new Map<string, WebClient>();

/**
 * One Web API client per (API base, token). Rate-limited calls are rejected rather than retried
 * in-process, and nothing is retried here: the outbox and the job runner own retries, so a 429's
 * Retry-After is honoured across restarts and nodes instead of blocking a worker.
 */
export function slackClient(config: Pick<SlackConfig, "botToken" | "apiUrl">): WebClient {
  const apiUrl = config.apiUrl ?? DEFAULT_SLACK_API_URL;
  const key = `${apiUrl}\u0000${config.botToken}`;
  let client = clients.get(key);
  if (!client) {
    client = new webApi.WebClient(config.botToken, {
      slackApiUrl: apiUrl,
      logger: silentLogger,
      rejectRateLimitedCalls: true,
      retryConfig: { retries: 0 },
      allowAbsoluteUrls: false,
      timeout: 15_000,
    });
    clients.set(key, client);
  }
  return client;
}

/** Slack error codes that are worth retrying; every other platform error is a fact about the request. */
const TRANSIENT_PLATFORM_ERRORS = new Set([
  "ratelimited",
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
  "team_added_to_org",
]);

/** Maps a Web API failure onto the outbox's two outcomes. */
export function classifySlackError(err: unknown): RetryableSendError | PermanentSendError {
  if (err instanceof webApi.WebAPIRateLimitedError) {
    return new RetryableSendError(`Slack rate limit: retry after ${err.retryAfter}s`, err.retryAfter * 1000);
  }
  if (err instanceof webApi.WebAPIPlatformError) {
    const code = err.data.error;
    if (TRANSIENT_PLATFORM_ERRORS.has(code)) return new RetryableSendError(`Slack error: ${code}`);
    return new PermanentSendError(`Slack error: ${code}`, code);
  }
  if (err instanceof webApi.WebAPIHTTPError) {
    const message = `Slack HTTP ${err.statusCode}`;
    return err.statusCode >= 500 ? new RetryableSendError(message) : new PermanentSendError(message, `http_${err.statusCode}`);
  }
  const message = err instanceof Error ? err.message : String(err);
  return new RetryableSendError(`Slack request failed: ${message}`);
}
