import type { AppContext } from "~/server/context.ts";
import type { RuleCause } from "~/server/events/bus.ts";
import { AppError } from "~/server/lib/errors.ts";
import { publishMessage } from "~/server/domain/messages/publish.ts";
import { resolveRecipients } from "~/server/domain/messages/resolve-recipients.ts";

/** The conversation a rule writes to, with what the guards of sendReply check. */
async function target(ctx: AppContext, conversationId: string) {
  const c = await ctx.db.conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: {
      id: true,
      status: true,
      contactId: true,
      inboxId: true,
      mergedIntoId: true,
      inbox: { select: { kind: true, enabled: true } },
    },
  });
  return c;
}

/**
 * A reply a rule sends (a canned response): the same transactional outbox as an agent's reply, with
 * no author (channels sign it "Support") and the rule in `meta.rule`, so the timeline says which rule
 * sent it. The same guards as sendReply: closed, merged, disabled inbox, no address, opted out.
 */
export async function sendRuleReply(ctx: AppContext, conversationId: string, text: string, cause: RuleCause) {
  const c = await target(ctx, conversationId);
  if (c.status === "closed" || c.mergedIntoId || !c.inbox.enabled) throw new AppError("conflict", "The conversation cannot take a reply");
  const recipients = await resolveRecipients(ctx, c.id);
  if (recipients.to.length === 0 || recipients.to.some((r) => r.optedOutAt)) {
    throw new AppError("conflict", "The customer has no address on this channel that may be messaged");
  }
  const message = await ctx.db.$transaction(async (tx) => {
    const created = await tx.message.create({
      data: {
        conversationId: c.id,
        contactId: c.contactId,
        inboxId: c.inboxId,
        direction: "outbound",
        kind: "message",
        channel: c.inbox.kind,
        text,
        deliveryStatus: "queued",
        meta: { rule: cause.rule },
      },
      select: { id: true },
    });
    await tx.outboxJob.create({ data: { kind: "deliver", messageId: created.id } });
    await tx.conversation.update({ where: { id: c.id }, data: { lastActivityAt: new Date() } });
    return created;
  });
  await publishMessage(ctx, message.id, "message.created", { conversationChanges: ["lastActivityAt"] });
  ctx.outbox.wake();
  ctx.bus.publish({ type: "automation.trigger", trigger: { event: "agent_reply", conversationId: c.id, messageId: message.id, cause } });
  return { messageId: message.id };
}

/** An internal note a rule writes, authored by the rule (`meta.rule`). */
export async function addRuleNote(ctx: AppContext, conversationId: string, text: string, cause: RuleCause) {
  const c = await target(ctx, conversationId);
  const note = await ctx.db.$transaction(async (tx) => {
    const created = await tx.message.create({
      data: {
        conversationId: c.id,
        contactId: c.contactId,
        inboxId: c.inboxId,
        direction: "internal",
        kind: "note",
        channel: c.inbox.kind,
        text,
        meta: { rule: cause.rule },
      },
      select: { id: true },
    });
    await tx.conversation.update({ where: { id: c.id }, data: { lastActivityAt: new Date() } });
    return created;
  });
  await publishMessage(ctx, note.id, "message.created", { conversationChanges: ["lastActivityAt"] });
  return { messageId: note.id };
}
