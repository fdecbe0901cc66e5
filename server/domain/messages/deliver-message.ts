import type { AppContext } from "~/server/context.ts";
import type { ChannelHost, InboxRuntime } from "~/integrations/core/host.ts";
import {
  type ChannelAdapter,
  type OutboundMessage,
  PermanentSendError,
  RetryableSendError,
  type SendResult,
  UnknownOutcomeSendError,
} from "~/integrations/core/types.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { loadInboxRuntime } from "~/server/domain/inboxes/load-inbox-runtime.ts";
import { buildOutboundMessage } from "./build-outbound-message.ts";
import { publishMessage } from "./publish.ts";
import { applyParkedDeliveries } from "./record-delivery.ts";
import { releaseHeldReply } from "./release-held-reply.ts";

/** Shown to the agent (and kept as the reason) when nobody can tell whether the provider has the message. */
export const MAY_HAVE_BEEN_SENT =
  "The provider may have received this message before the connection was lost, and the channel cannot check. Look at the customer's side before sending it again.";

/**
 * Sends one queued outbound message through its inbox's adapter and records it as sent, then
 * applies delivery reports that arrived before the provider id was known. The message is `sending`
 * while a request may be at the provider: a retry of a `sending` message (an answer that never came,
 * a node that died mid-send) first asks the provider whether it has the message, and never resends
 * blindly (issue 17, finding 8). Failures are thrown (PermanentSendError, RetryableSendError or
 * anything else) so the caller's retry policy decides what happens next; it reports its decision
 * back with `recordDeliveryFailure`.
 */
export async function deliverMessage(ctx: AppContext, host: ChannelHost, messageId: string): Promise<void> {
  await releaseHeldReply(ctx, messageId);
  const current = await ctx.db.message.findUnique({ where: { id: messageId }, select: { deliveryStatus: true } });
  // Already sent (a retry after a crash that happened after the provider accepted): nothing to do.
  if (!current || (current.deliveryStatus && current.deliveryStatus !== "queued" && current.deliveryStatus !== "sending")) return;
  const { inboxId, queuedAt, message } = await buildOutboundMessage(ctx, messageId);
  const runtime = await loadInboxRuntime(ctx, inboxId);
  if (!runtime) throw new PermanentSendError("The inbox of this message no longer exists");
  const { inbox, adapter } = runtime;
  if (!adapter) throw new PermanentSendError(`Channel ${inbox.kind} is not available on this server`);
  if (!inbox.enabled) throw new PermanentSendError("The inbox is disabled");
  const attempt: Attempt = { ctx, inbox, adapter, message, queuedAt };

  if (current.deliveryStatus === "sending") {
    const earlier = await findEarlierSend(attempt);
    if (earlier) return await recordSent(ctx, inbox.id, messageId, earlier);
  }
  await ctx.db.message.update({ where: { id: messageId }, data: { deliveryStatus: "sending" } });
  let result: SendResult;
  try {
    result = await withDeadline(adapter.send(inbox, message, host), ctx.env.OUTBOX_SEND_TIMEOUT_MS);
  } catch (err) {
    if (!(err instanceof UnknownOutcomeSendError)) {
      // Refused or never reached the provider: sending again is safe.
      await ctx.db.message.update({ where: { id: messageId }, data: { deliveryStatus: "queued" } });
      throw err;
    }
    const earlier = await findEarlierSend(attempt);
    if (earlier) return await recordSent(ctx, inbox.id, messageId, earlier);
    // The provider does not have it: the next attempt (still `sending`, so it checks again first) may send.
    throw new RetryableSendError(`${err.message}. The provider does not have the message; it will be sent again.`);
  }
  await recordSent(ctx, inbox.id, messageId, result);
}

interface Attempt {
  ctx: AppContext;
  inbox: InboxRuntime;
  adapter: ChannelAdapter;
  message: OutboundMessage;
  queuedAt: Date;
}

/**
 * Whether an earlier attempt reached the provider: its result, or null when sending (again) is safe.
 * Throws RetryableSendError while the provider cannot be asked, PermanentSendError (the message
 * ends `unknown`) when the channel has no way to ask.
 */
async function findEarlierSend({ ctx, inbox, adapter, message, queuedAt }: Attempt): Promise<SendResult | null> {
  if (adapter.resendIsIdempotent) return null;
  if (!adapter.reconcile) throw new PermanentSendError(MAY_HAVE_BEEN_SENT, "outcome_unknown");
  let matches: SendResult[];
  try {
    ({ matches } = await withDeadline(adapter.reconcile(inbox, message, queuedAt), ctx.env.OUTBOX_SEND_TIMEOUT_MS));
  } catch (err) {
    throw new RetryableSendError(`Could not ask the provider whether it has the message: ${(err as Error).message}`);
  }
  if (matches.length === 0) return null;
  // A look-up by content can match an identical earlier reply: skip sends already recorded on another message.
  const taken = await ctx.db.message.findMany({
    where: { inboxId: inbox.id, id: { not: message.id }, providerMessageId: { in: matches.map((m) => m.providerMessageId) } },
    select: { providerMessageId: true },
  });
  const known = new Set(taken.map((t) => t.providerMessageId));
  return matches.find((m) => !known.has(m.providerMessageId)) ?? null;
}

async function recordSent(ctx: AppContext, inboxId: string, messageId: string, result: SendResult) {
  // The adapter's meta joins what the message already carries (the rule that sent it, issue 12).
  const before = result.meta ? await ctx.db.message.findUnique({ where: { id: messageId }, select: { meta: true } }) : null;
  await ctx.db.message.update({
    where: { id: messageId },
    data: {
      deliveryStatus: result.status,
      deliveryError: null,
      providerMessageId: result.providerMessageId,
      ...(result.meta ? { meta: { ...((before?.meta as object) ?? {}), ...result.meta } as Prisma.InputJsonValue } : {}),
    },
  });
  await applyParkedDeliveries(ctx, inboxId, result.providerMessageId);
  await publishMessage(ctx, messageId, "message.updated");
}

/** An adapter call that takes longer than the outbox allows may still be at the provider: unknown outcome. */
async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new UnknownOutcomeSendError(`No answer from the provider within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export interface DeliveryFailure {
  reason: string;
  attempt: number;
  maxAttempts: number;
  /** No further attempt will be made. */
  final: boolean;
}

/**
 * Records a failed attempt on the message: the reason it will be retried, or its end: `failed`, or
 * `unknown` ("may have been sent") when the last attempt may have reached the provider.
 */
export async function recordDeliveryFailure(ctx: AppContext, messageId: string, failure: DeliveryFailure): Promise<void> {
  const { reason, attempt, maxAttempts, final } = failure;
  await releaseHeldReply(ctx, messageId);
  const current = await ctx.db.message.findUnique({ where: { id: messageId }, select: { deliveryStatus: true } });
  if (!current) return;
  await ctx.db.message.update({
    where: { id: messageId },
    data: final
      ? { deliveryStatus: current.deliveryStatus === "sending" ? "unknown" : "failed", deliveryError: reason.slice(0, 1000) }
      : { deliveryError: `Retrying (attempt ${attempt} of ${maxAttempts}): ${reason.slice(0, 900)}` },
  });
  await publishMessage(ctx, messageId, "message.updated");
}
