import type { AppContext } from "~/server/context.ts";
import type { ChannelHost } from "~/integrations/core/host.ts";
import { PermanentSendError, RetryableSendError } from "~/integrations/core/types.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { loadInboxRuntime } from "~/server/domain/inboxes/load-inbox-runtime.ts";
import { buildOutbound } from "./build-outbound.ts";
import { publishMessage } from "~/server/domain/messages/publish.ts";
import { applyParkedDeliveries } from "~/server/domain/messages/record-delivery.ts";

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

export async function runJob(ctx: AppContext, host: ChannelHost, job: ClaimedJob) {
  try {
    if (job.kind === "deliver") await deliver(ctx, host, job);
    else if (job.kind === "adapter") await adapterJob(ctx, host, job);
    else throw new PermanentSendError(`Unknown job kind ${job.kind}`);
    await ctx.db.outboxJob.update({ where: { id: job.id }, data: { status: "done", lastError: null, lockedAt: null, lockedBy: null } });
  } catch (err) {
    await recordFailure(ctx, job, err);
  }
}

async function deliver(ctx: AppContext, host: ChannelHost, job: ClaimedJob) {
  if (!job.messageId) throw new PermanentSendError("Delivery job without a message");
  const current = await ctx.db.message.findUnique({ where: { id: job.messageId }, select: { deliveryStatus: true } });
  // Already sent (a retry after a crash that happened after the provider accepted): nothing to do.
  if (!current || (current.deliveryStatus && current.deliveryStatus !== "queued" && current.deliveryStatus !== "sending")) return;
  const { inboxId, message } = await buildOutbound(ctx, job.messageId);
  const runtime = await loadInboxRuntime(ctx, inboxId);
  if (!runtime) throw new PermanentSendError("The inbox of this message no longer exists");
  const { inbox, adapter } = runtime;
  if (!adapter) throw new PermanentSendError(`Channel ${inbox.kind} is not available on this server`);
  if (!inbox.enabled) throw new PermanentSendError("The inbox is disabled");
  const result = await adapter.send(inbox, message, host);
  await ctx.db.message.update({
    where: { id: job.messageId },
    data: {
      deliveryStatus: result.status,
      deliveryError: null,
      providerMessageId: result.providerMessageId,
      ...(result.meta ? { meta: result.meta as Prisma.InputJsonValue } : {}),
    },
  });
  await applyParkedDeliveries(ctx, inbox.id, result.providerMessageId);
  await publishMessage(ctx, job.messageId, "message.updated");
}

async function adapterJob(ctx: AppContext, host: ChannelHost, job: ClaimedJob) {
  const runtime = await loadInboxRuntime(ctx, String(job.payload.inboxId ?? ""));
  if (!runtime) throw new PermanentSendError("The inbox of this job no longer exists");
  const { inbox, adapter } = runtime;
  if (!adapter?.runJob) throw new PermanentSendError(`Channel ${inbox.kind} has no background jobs`);
  await adapter.runJob(inbox, job.payload, host);
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
    await ctx.db.message.update({
      where: { id: job.messageId },
      data: final
        ? { deliveryStatus: "failed", deliveryError: reason.slice(0, 1000) }
        : { deliveryError: `Retrying (attempt ${job.attempts} of ${job.maxAttempts}): ${reason.slice(0, 900)}` },
    });
  } else {
    const m = await ctx.db.message.findUnique({ where: { id: job.messageId }, select: { meta: true } });
    if (!m) return;
    const meta = {
      ...((m.meta as Record<string, unknown>) ?? {}),
      jobError: { reason: reason.slice(0, 500), attempts: job.attempts, final },
    };
    await ctx.db.message.update({ where: { id: job.messageId }, data: { meta: meta as Prisma.InputJsonValue } });
  }
  await publishMessage(ctx, job.messageId, "message.updated");
}
