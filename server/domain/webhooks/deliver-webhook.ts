import { OutboundFetchError, outboundFetch } from "~/integrations/core/outbound-fetch.ts";
import { PermanentSendError, RetryableSendError } from "~/integrations/core/types.ts";
import type { AppContext } from "~/server/context.ts";
import { signWebhook } from "./sign-webhook.ts";
import { disableFailingWebhook } from "./disable-failing-webhook.ts";

/** Waits between attempts: together about 24 hours (issue 15), then the endpoint is disabled. */
export const WEBHOOK_RETRY_DELAYS_MS = [10, 30, 120, 300, 900, 1800, 3600, 7200, 14_400, 28_800, 28_800].map((s) => s * 1000);
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_MS.length + 1;
const TIMEOUT_MS = 10_000;
const SNIPPET = 500;

/**
 * One attempt of a delivery, run by the outbox worker (job kind "webhook"). The body and event id
 * are the stored ones, so a retry, a redelivery or an attempt after a restart sends the same event;
 * the signature's timestamp is the attempt's. A 2xx succeeds; anything else is retried on the
 * schedule until the window is spent, then the delivery fails and the endpoint is disabled.
 */
export async function deliverWebhook(ctx: AppContext, deliveryId: string, job: { attempts: number; maxAttempts: number }) {
  const delivery = await ctx.db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    select: { id: true, body: true, status: true, endpoint: { select: { id: true, url: true, secret: true, enabled: true } } },
  });
  // The endpoint was deleted (deliveries go with it) or erasure removed the delivery.
  if (!delivery || delivery.status === "succeeded") return;
  if (!delivery.endpoint.enabled) {
    await ctx.db.webhookDelivery.update({ where: { id: deliveryId }, data: { status: "failed", lastError: "endpoint disabled" } });
    return;
  }
  const started = Date.now();
  const outcome = await post(ctx, delivery.endpoint.url, ctx.secrets.open(delivery.endpoint.secret), delivery.body);
  const latencyMs = Date.now() - started;
  const final = !outcome.ok && (outcome.refused || job.attempts >= job.maxAttempts);
  await ctx.db.webhookDelivery.update({
    where: { id: deliveryId },
    data: {
      status: outcome.ok ? "succeeded" : final ? "failed" : "pending",
      attempts: { increment: 1 },
      responseStatus: outcome.status,
      responseSnippet: outcome.snippet,
      latencyMs,
      lastError: outcome.ok ? null : outcome.error,
      lastAttemptAt: new Date(),
    },
  });
  if (outcome.ok) return;
  if (final) {
    await disableFailingWebhook(ctx, delivery.endpoint.id, delivery.endpoint.url, outcome.error);
    throw new PermanentSendError(outcome.error);
  }
  throw new RetryableSendError(outcome.error, WEBHOOK_RETRY_DELAYS_MS[Math.min(job.attempts, WEBHOOK_RETRY_DELAYS_MS.length) - 1]);
}

type Outcome =
  | { ok: true; status: number; snippet: string }
  | { ok: false; refused: boolean; status: number | null; snippet: string | null; error: string };

async function post(ctx: AppContext, url: string, secret: string, body: string): Promise<Outcome> {
  try {
    const res = await outboundFetch(url, {
      origins: [new URL(url).origin],
      method: "POST",
      body,
      followRedirects: false,
      headers: {
        "content-type": "application/json",
        "user-agent": "Switchboard-Webhooks/1",
        "x-switchboard-signature": signWebhook(secret, body),
      },
      maxBytes: 1_000_000,
      timeoutMs: TIMEOUT_MS,
      allowPrivate: ctx.env.WEBHOOK_ALLOW_PRIVATE,
    });
    const snippet = res.body
      .subarray(0, SNIPPET * 4)
      .toString("utf8")
      .slice(0, SNIPPET);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, snippet };
    return { ok: false, refused: false, status: res.status, snippet, error: `HTTP ${res.status}` };
  } catch (err) {
    const refused = err instanceof OutboundFetchError && err.reason === "refused";
    return { ok: false, refused, status: null, snippet: null, error: (err as Error).message.slice(0, 500) };
  }
}
