import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient";
import { TWILIO_API_BASE_URL, apiBaseUrlOf, type TwilioSmsConfig } from "./config.ts";

const REQUEST_TIMEOUT_MS = 15_000;

/**
 * The official SDK builds absolute URLs on *.twilio.com. To reach a Twilio-compatible gateway (or the
 * local fake in tests) we give it an httpClient that swaps the origin for the inbox's apiBaseUrl and
 * keeps the path, so everything else (auth, form encoding, error parsing) stays the SDK's own.
 */
class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    // No SDK-level retries: the outbox owns retries and their backoff.
    super({ timeout: REQUEST_TIMEOUT_MS, autoRetry: false });
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: rebase(opts.uri, this.baseUrl) });
  }
}

export function rebase(uri: string, baseUrl: string): string {
  const url = new URL(uri);
  if (!/(^|\.)twilio\.com$/.test(url.hostname)) return uri;
  return `${baseUrl.replace(/\/+$/, "")}${url.pathname}${url.search}`;
}

export function createTwilioClient(config: Pick<TwilioSmsConfig, "accountSid" | "authToken" | "apiBaseUrl">) {
  const baseUrl = apiBaseUrlOf(config);
  const httpClient =
    baseUrl === TWILIO_API_BASE_URL
      ? new twilio.RequestClient({ timeout: REQUEST_TIMEOUT_MS, autoRetry: false })
      : new BaseUrlRequestClient(baseUrl);
  // `env: {}` keeps TWILIO_EDGE / TWILIO_REGION of the process from changing the host per inbox.
  return twilio(config.accountSid, config.authToken, { httpClient, env: {}, lazyLoading: true });
}
