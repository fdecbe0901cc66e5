import type { AppContext } from "~/server/context.ts";
import type { SurveyLocale } from "./survey-text.ts";

export interface PublicSurvey {
  locale: SurveyLocale;
  inboxName: string;
  conversationNumber: number;
  rating: number | null;
  comment: string | null;
  unsubscribed: boolean;
}

/** What the public survey page shows for a token (nothing else of the conversation); null when unknown. */
export async function findPublicSurvey(ctx: AppContext, token: string): Promise<PublicSurvey | null> {
  const s = await ctx.db.csatSurvey.findUnique({
    where: { token },
    select: {
      locale: true,
      rating: true,
      comment: true,
      inbox: { select: { name: true } },
      conversation: { select: { number: true } },
      identity: { select: { surveysOptedOutAt: true } },
    },
  });
  if (!s) return null;
  return {
    locale: s.locale === "ja" ? "ja" : "en",
    inboxName: s.inbox.name,
    conversationNumber: s.conversation.number,
    rating: s.rating,
    comment: s.comment,
    unsubscribed: !!s.identity?.surveysOptedOutAt,
  };
}
