import type { AppContext } from "~/server/context.ts";
import { notFound } from "~/server/lib/errors.ts";

/**
 * One-click unsubscribe (RFC 8058, the survey mail's List-Unsubscribe): the identity the survey went
 * to gets no more surveys. Replies to their own tickets are not marketing and still go. Idempotent.
 */
export async function unsubscribeSurveys(ctx: AppContext, token: string): Promise<void> {
  const survey = await ctx.db.csatSurvey.findUnique({ where: { token }, select: { identityId: true } });
  if (!survey) throw notFound("Survey");
  if (!survey.identityId) return;
  await ctx.db.contactIdentity.updateMany({
    where: { id: survey.identityId, surveysOptedOutAt: null },
    data: { surveysOptedOutAt: new Date() },
  });
}
