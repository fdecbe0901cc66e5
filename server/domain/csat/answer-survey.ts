import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import { notFound, parseInput } from "~/server/lib/errors.ts";
import { publishMessage } from "~/server/domain/messages/publish.ts";
import { recordEvent } from "~/server/domain/timeline/record-event.ts";

export const surveyAnswerInput = z
  .object({
    rating: z.coerce.number().int().min(1).max(5),
    comment: z
      .string()
      .trim()
      .max(2000)
      .optional()
      .transform((c) => c || null),
  })
  .strict();

/**
 * A customer's answer from the public page or the chat widget (no login: the token is the key). A
 * second answer replaces the first; each one is a `csat` timeline event, and the reports read the
 * latest of each survey (decision 020).
 */
export async function answerSurvey(ctx: AppContext, token: string, raw: unknown) {
  const input = parseInput(surveyAnswerInput, raw);
  const survey = await ctx.db.csatSurvey.findUnique({
    where: { token },
    select: { id: true, conversation: { select: { id: true, contactId: true, inboxId: true, inbox: { select: { kind: true } } } } },
  });
  if (!survey) throw notFound("Survey");
  const c = survey.conversation;
  const respondedAt = new Date();
  const eventId = await ctx.db.$transaction(async (tx) => {
    await tx.csatSurvey.update({ where: { id: survey.id }, data: { rating: input.rating, comment: input.comment, respondedAt } });
    const target = { conversationId: c.id, contactId: c.contactId, inboxId: c.inboxId, channel: c.inbox.kind };
    return recordEvent(tx, target, null, { event: "csat", surveyId: survey.id, rating: input.rating, comment: input.comment });
  });
  await publishMessage(ctx, eventId);
  ctx.bus.publish({
    type: "csat.received",
    surveyId: survey.id,
    conversationId: c.id,
    contactId: c.contactId,
    rating: input.rating,
    comment: input.comment,
    respondedAt: respondedAt.toISOString(),
  });
  return { surveyId: survey.id, rating: input.rating, comment: input.comment, respondedAt };
}
