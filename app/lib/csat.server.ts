// The CSAT flows the survey routes call (a `.server` module, so the client bundle never pulls them in).
import type { AppLoadContext } from "react-router";
import { AppError } from "~/server/lib/errors.ts";

export { answerSurvey } from "~/server/domain/csat/answer-survey.ts";
export { findPublicSurvey } from "~/server/domain/csat/public-survey.ts";
export { unsubscribeSurveys } from "~/server/domain/csat/unsubscribe-surveys.ts";
export { csatRatings } from "~/server/domain/csat/csat-ratings.ts";
export { updateInbox } from "~/server/domain/admin/update-inbox.ts";

/** Survey posts need no login, so they are limited per client address (shared by nodes with Redis). */
const SURVEY_POSTS = { limit: 20, windowMs: 60_000 };

export async function limitSurveyPosts(context: AppLoadContext): Promise<void> {
  const result = await context.app.limiter.consume(`survey:${context.ip ?? "unknown"}`, SURVEY_POSTS);
  if (!result.ok) throw new AppError("rate_limited", "Too many survey answers from this address; try again in a minute");
}
