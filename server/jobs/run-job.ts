import type { AppContext } from "~/server/context.ts";
import type { ChannelHost } from "~/integrations/core/host.ts";
import { PermanentSendError, RetryableSendError } from "~/integrations/core/types.ts";
import { runAdapterJob } from "~/server/domain/inboxes/run-adapter-job.ts";
import { deliverMessage, recordDeliveryFailure } from "~/server/domain/messages/deliver-message.ts";
import { recordJobError } from "~/server/domain/messages/record-job-error.ts";
import { deliverWebhook } from "~/server/domain/webhooks/deliver-webhook.ts";
import { fanOutWebhookEvent } from "~/server/domain/webhooks/fan-out-webhook-event.ts";

export interface ClaimedJob {
  id: string;
  kind: string;
  messageId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

/** Exponential backoff with jitter: 2s, 4s, 8s … capped at 15 minutes. */
export function backoffMs(attempt: number) {
  const base = Math.min(15 * 60_000, 1000 * 2 ** attempt);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** Runs one claimed job through its domain flow; on failure applies the retry policy. */
export async function runJob(ctx: AppContext, host: ChannelHost, job: ClaimedJob) {
  try {
    if (job.kind === "deliver") {
      if (!job.messageId) throw new PermanentSendError("Delivery job without a message");
      await deliverMessage(ctx, host, job.messageId);
    } else if (job.kind === "adapter") await runAdapterJob(ctx, host, job.payload);
    else if (job.kind === "webhook") await deliverWebhook(ctx, String(job.payload.deliveryId), job);
    else if (job.kind === "webhook-event") {
      // Finishes the job in the transaction that creates its deliveries.
      await fanOutWebhookEvent(ctx, job);
      return;
    } else throw new PermanentSendError(`Unknown job kind ${job.kind}`);
    await ctx.db.outboxJob.update({ where: { id: job.id }, data: { status: "done", lastError: null, lockedAt: null, lockedBy: null } });
  } catch (err) {
    await recordFailure(ctx, job, err);
  }
}

async function recordFailure(ctx: AppContext, job: ClaimedJob, err: unknown) {
  const permanent = err instanceof PermanentSendError;
  const reason = (err as Error)?.message || String(err);
  const final = permanent || job.attempts >= job.maxAttempts;
  const retryAfter = err instanceof RetryableSendError && err.retryAfterMs ? err.retryAfterMs : backoffMs(job.attempts);
  if (!(err instanceof RetryableSendError) && !permanent) ctx.log.warn(`job ${job.id} (${job.kind}) failed: ${reason}`);
  await ctx.db.outboxJob.update({
    where: { id: job.id },
    data: {
      status: final ? "failed" : "pending",
      runAt: final ? undefined : new Date(Date.now() + retryAfter),
      lastError: reason.slice(0, 2000),
      lockedAt: null,
      lockedBy: null,
    },
  });
  if (!job.messageId) return;
  if (job.kind === "deliver") {
    await recordDeliveryFailure(ctx, job.messageId, { reason, attempt: job.attempts, maxAttempts: job.maxAttempts, final });
  } else {
    await recordJobError(ctx, job.messageId, { reason, attempts: job.attempts, final });
  }
}
