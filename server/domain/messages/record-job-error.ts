import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { publishMessage } from "./publish.ts";

export interface JobError {
  reason: string;
  attempts: number;
  /** No further attempt will be made. */
  final: boolean;
}

/**
 * Notes on a message that a channel's background job about it (an MMS media download, a Slack
 * file copy) failed, so agents see why; the message itself stays as it was.
 */
export async function recordJobError(ctx: AppContext, messageId: string, error: JobError): Promise<void> {
  const m = await ctx.db.message.findUnique({ where: { id: messageId }, select: { meta: true } });
  if (!m) return;
  const meta = {
    ...((m.meta as Record<string, unknown>) ?? {}),
    jobError: { reason: error.reason.slice(0, 500), attempts: error.attempts, final: error.final },
  };
  await ctx.db.message.update({ where: { id: messageId }, data: { meta: meta as Prisma.InputJsonValue } });
  await publishMessage(ctx, messageId, "message.updated");
}
