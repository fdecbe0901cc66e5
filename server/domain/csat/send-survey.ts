import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { randomBytes } from "node:crypto";
import type { AppContext } from "~/server/context.ts";
import type { RuleCause } from "~/server/events/bus.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { publishMessage } from "~/server/domain/messages/publish.ts";
import { resolveRecipients } from "~/server/domain/messages/resolve-recipients.ts";
import { canSendMarketing } from "~/server/domain/identities/marketing-consent.ts";
import { recordEvent } from "~/server/domain/timeline/record-event.ts";
import { csatColumnsSelect, effectiveCsatSettings } from "./csat-settings.ts";
import { customerLocale, surveyMessageText, surveyUrl } from "./survey-text.ts";

export type SurveySkip = "disabled" | "unavailable" | "no_recipient" | "no_consent" | "quiet_period";
export type SurveyOutcome = { sent: true; surveyId: string; messageId: string } | { sent: false; reason: SurveySkip };

/** 32 random bytes: the public link cannot be guessed (issue 12). */
const newToken = () => encodeBase64urlNoPadding(randomBytes(32));

/**
 * Sends a conversation's satisfaction survey through its own channel (decision 020): on resolve when
 * the inbox or department has surveys on (`onResolve`), or because an automation rule asks. The link
 * message and its delivery job are written in one transaction (transactional outbox), under a lock on
 * the conversation row, so two resolves at once never send two surveys within the quiet period. A
 * marketing-type send: identities that complained, opted out or bounced get none.
 */
export async function sendSurvey(
  ctx: AppContext,
  conversationId: string,
  opts: { onResolve: boolean; cause?: RuleCause },
): Promise<SurveyOutcome> {
  const c = await ctx.db.conversation.findUniqueOrThrow({
    where: { id: conversationId },
    select: {
      id: true,
      status: true,
      contactId: true,
      inboxId: true,
      departmentId: true,
      mergedIntoId: true,
      inbox: { select: { kind: true, enabled: true, ...csatColumnsSelect } },
      department: { select: csatColumnsSelect },
      contact: { select: { attributes: true } },
    },
  });
  const settings = effectiveCsatSettings(c.inbox, c.department);
  if (opts.onResolve && !settings.enabled) return { sent: false, reason: "disabled" };
  if (c.status === "closed" || c.mergedIntoId || !c.inbox.enabled) return { sent: false, reason: "unavailable" };
  const recipient = (await resolveRecipients(ctx, c.id)).to[0];
  if (!recipient) return { sent: false, reason: "no_recipient" };
  const identity = await ctx.db.contactIdentity.findUniqueOrThrow({
    where: { id: recipient.identityId },
    select: { optedOutAt: true, complainedAt: true, undeliverableAt: true, surveysOptedOutAt: true },
  });
  if (!canSendMarketing(identity)) return { sent: false, reason: "no_consent" };
  const latestInbound = await ctx.db.message.findFirst({
    where: { conversationId: c.id, direction: "inbound", kind: "message" },
    orderBy: { createdAt: "desc" },
    select: { text: true },
  });
  const locale = customerLocale(c.contact.attributes, latestInbound?.text ?? null);
  const token = newToken();
  const text = surveyMessageText(locale, surveyUrl(ctx.env.PUBLIC_URL, token));

  const created = await ctx.db.$transaction(async (tx) => {
    // Serialises survey sends of one conversation: the quiet-period check and the insert are one step.
    await tx.$queryRaw`SELECT id FROM "Conversation" WHERE id = ${c.id} FOR UPDATE`;
    const since = new Date(Date.now() - settings.quietPeriodDays * 24 * 60 * 60 * 1000);
    const recent = await tx.csatSurvey.findFirst({ where: { conversationId: c.id, sentAt: { gt: since } }, select: { id: true } });
    if (recent) return null;
    const survey = await tx.csatSurvey.create({
      data: {
        token,
        conversationId: c.id,
        inboxId: c.inboxId,
        departmentId: c.departmentId,
        identityId: recipient.identityId,
        channel: c.inbox.kind,
        locale,
      },
      select: { id: true },
    });
    const meta = { csat: { surveyId: survey.id, token }, ...(opts.cause ? { rule: opts.cause.rule } : {}) };
    const message = await tx.message.create({
      data: {
        conversationId: c.id,
        contactId: c.contactId,
        inboxId: c.inboxId,
        direction: "outbound",
        kind: "message",
        channel: c.inbox.kind,
        text,
        deliveryStatus: "queued",
        meta: meta as Prisma.InputJsonValue,
      },
      select: { id: true },
    });
    await tx.outboxJob.create({ data: { kind: "deliver", messageId: message.id } });
    const target = { conversationId: c.id, contactId: c.contactId, inboxId: c.inboxId, channel: c.inbox.kind };
    const eventId = await recordEvent(
      tx,
      target,
      null,
      { event: "csat-sent", surveyId: survey.id, channel: c.inbox.kind },
      opts.cause?.rule,
    );
    return { surveyId: survey.id, messageId: message.id, eventId };
  });
  if (!created) return { sent: false, reason: "quiet_period" };
  await publishMessage(ctx, created.messageId);
  await publishMessage(ctx, created.eventId);
  ctx.outbox.wake();
  return { sent: true, surveyId: created.surveyId, messageId: created.messageId };
}
