import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";

/** Queues an adapter's background work (e.g. MMS media download) on the outbox; adapter.runJob runs it with retries. */
export async function enqueueAdapterJob(
  ctx: AppContext,
  opts: { inboxId: string; payload: Record<string, unknown>; delayMs?: number; messageId?: string },
): Promise<void> {
  await ctx.db.outboxJob.create({
    data: {
      kind: "adapter",
      messageId: opts.messageId ?? null,
      payload: { ...opts.payload, inboxId: opts.inboxId } as Prisma.InputJsonValue,
      runAt: new Date(Date.now() + (opts.delayMs ?? 0)),
    },
  });
  ctx.outbox.wake();
}
