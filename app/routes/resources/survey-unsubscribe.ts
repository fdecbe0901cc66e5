import { data, redirect } from "react-router";
import type { Route } from "./+types/survey-unsubscribe";
import { limitSurveyPosts, unsubscribeSurveys } from "~/app/lib/csat.server.ts";
import { isAppError } from "~/app/lib/errors.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";

/** A GET (a link prefetcher, a person clicking) never unsubscribes: it shows the survey page with the button. */
export function loader({ params }: Route.LoaderArgs) {
  return redirect(`/survey/${encodeURIComponent(params.token)}`);
}

/**
 * POST /survey/<token>/unsubscribe: RFC 8058 one-click (the mailbox provider posts
 * `List-Unsubscribe=One-Click` and reads the status), or the button on the survey page (back to it).
 */
export async function action({ params, request, context }: Route.ActionArgs) {
  const form = await readForm(request, 16 * 1024);
  try {
    await limitSurveyPosts(context);
    await unsubscribeSurveys(context.app, params.token);
  } catch (error) {
    if (isAppError(error)) return data(error.message, { status: error.status });
    throw error;
  }
  if (form.get("List-Unsubscribe") === "One-Click") return new Response("Unsubscribed", { status: 200 });
  return redirect(`/survey/${encodeURIComponent(params.token)}?unsubscribed=1`, 303);
}
