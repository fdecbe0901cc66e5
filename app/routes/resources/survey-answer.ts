import { data } from "react-router";
import type { Route } from "./+types/survey-answer";
import { answerSurvey, limitSurveyPosts } from "~/app/lib/csat.server.ts";
import { isAppError } from "~/app/lib/errors.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";

/** POST /survey/<token>/answer: the chat widget's inline survey (same origin as the widget page), answered in JSON. */
export async function action({ params, request, context }: Route.ActionArgs) {
  const form = await readForm(request, 16 * 1024);
  try {
    await limitSurveyPosts(context);
    const answer = await answerSurvey(context.app, params.token, {
      rating: form.get("rating") ?? "",
      comment: String(form.get("comment") ?? ""),
    });
    return Response.json({ ok: true, rating: answer.rating });
  } catch (error) {
    if (isAppError(error)) return data({ ok: false, error: error.message }, { status: error.status });
    throw error;
  }
}
