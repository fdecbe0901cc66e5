import type { AppContext } from "~/server/context.ts";
import { updateSlaClocks } from "~/server/domain/sla/sla-clocks.ts";
import { publishMessage } from "./publish.ts";

/**
 * The undo window of a held reply has closed: the outbox worker took its job (decision 027). From
 * here on it cannot be cancelled; the work send-reply put off for it happens now, once: the SLA
 * clocks and the reports count the reply, and rules on "agent replied" run. Returns whether the message was held.
 */
export async function releaseHeldReply(ctx: AppContext, messageId: string): Promise<boolean> {
  const released = await ctx.db.$transaction(async (tx) => {
    const { count } = await tx.message.updateMany({ where: { id: messageId, sendAt: { not: null } }, data: { sendAt: null } });
    if (count === 0) return null;
    const { conversationId } = await tx.message.findUniqueOrThrow({ where: { id: messageId }, select: { conversationId: true } });
    await updateSlaClocks(tx, conversationId, { kind: "agent-reply" });
    // The insert trigger left a held reply out of the report event log (migration 20261204120000).
    await tx.$executeRaw`SELECT 1 FROM (SELECT "report_message_event"(m) FROM "Message" m WHERE m."id" = ${messageId}) AS reported`;
    return conversationId;
  });
  if (!released) return false;
  await publishMessage(ctx, messageId, "message.updated");
  ctx.bus.publish({ type: "automation.trigger", trigger: { event: "agent_reply", conversationId: released, messageId } });
  return true;
}
