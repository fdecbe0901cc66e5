import { data, Form, isRouteErrorResponse, Link, useNavigation } from "react-router";
import type { Route } from "./+types/survey";
import { I18nProvider, isLocale, locales, translator, useI18n, type Locale } from "~/app/i18n/index.ts";
import { answerSurvey, findPublicSurvey, limitSurveyPosts } from "~/app/lib/csat.server.ts";
import { isAppError } from "~/app/lib/errors.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";
import stylesheet from "~/app/styles/survey.css?url";
import "~/app/i18n/pages/survey.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: stylesheet }];

export const meta: Route.MetaFunction = ({ data: loaded }) => [
  { title: translator(loaded?.locale ?? "en")("survey.pageTitle") },
  { name: "robots", content: "noindex" },
];

/** The public satisfaction survey (issue 12): no login, the token is the key, in the survey's language unless switched. */
export async function loader({ params, request, context }: Route.LoaderArgs) {
  const survey = await findPublicSurvey(context.app, params.token);
  if (!survey) throw data(null, { status: 404 });
  const url = new URL(request.url);
  const lang = url.searchParams.get("lang");
  const locale: Locale = isLocale(lang) ? lang : survey.locale;
  return { ...survey, locale, unsubscribedNow: url.searchParams.has("unsubscribed") };
}

export async function action({ params, request, context }: Route.ActionArgs) {
  const form = await readForm(request);
  try {
    await limitSurveyPosts(context);
    await answerSurvey(context.app, params.token, { rating: form.get("rating") ?? "", comment: String(form.get("comment") ?? "") });
    return { ok: true as const };
  } catch (error) {
    if (!isAppError(error)) throw error;
    if (error.status === 404) throw data(null, { status: 404 });
    const message: SurveyError = error.code === "rate_limited" ? "rateLimited" : "pickRating";
    return data({ ok: false as const, error: message }, { status: error.status });
  }
}

type SurveyError = "rateLimited" | "pickRating";
const RATINGS = [1, 2, 3, 4, 5] as const;

export default function Survey({ loaderData, actionData }: Route.ComponentProps) {
  const { locale } = loaderData;
  return (
    <I18nProvider value={{ locale, t: translator(locale) }}>
      <SurveyCard survey={loaderData} error={actionData && !actionData.ok ? actionData.error : null} />
    </I18nProvider>
  );
}

function SurveyCard({ survey, error }: { survey: Route.ComponentProps["loaderData"]; error: SurveyError | null }) {
  const { t, locale } = useI18n();
  const submitting = useNavigation().state === "submitting";
  const answered = survey.rating !== null;
  return (
    <main className="survey-page" lang={locale} data-locale={locale}>
      <div className="survey-card">
        <nav className="survey-lang" aria-label={t("survey.language")}>
          {locales.map((l) =>
            l.code === locale ? (
              <span key={l.code} aria-current="true">
                {l.label}
              </span>
            ) : (
              <Link key={l.code} to={`?lang=${l.code}`} replace reloadDocument hrefLang={l.code} lang={l.code}>
                {l.label}
              </Link>
            ),
          )}
        </nav>
        {answered ? (
          <div className="survey-thanks" role="status">
            <span className="survey-thanks-mark" aria-hidden>
              ✓
            </span>
            <h1>{t("survey.thanks")}</h1>
            <p>{t("survey.thanksText", { rating: survey.rating ?? 0 })}</p>
          </div>
        ) : (
          <>
            <h1>{t("survey.pageTitle")}</h1>
            <p className="survey-intro">{t("survey.intro", { number: survey.conversationNumber, inbox: survey.inboxName })}</p>
          </>
        )}
        <Form method="post" className="survey-form" key={`${survey.rating}-${survey.comment}`}>
          {error ? (
            <div className="alert error" role="alert">
              {t(`survey.${error}`)}
            </div>
          ) : null}
          <fieldset className="survey-scale">
            <legend>{t("survey.ratingLegend")}</legend>
            <div className="survey-options">
              {RATINGS.map((r) => (
                <label key={r} className="survey-option" title={t(`survey.star${r}`)}>
                  <input type="radio" name="rating" value={r} defaultChecked={survey.rating === r} required />
                  <span className="survey-number">{r}</span>
                  <span className="survey-option-label">{t(`survey.star${r}`).replace(/^\d – /, "")}</span>
                </label>
              ))}
            </div>
          </fieldset>
          <label className="survey-comment">
            {t("survey.comment")}
            <textarea name="comment" rows={4} maxLength={2000} defaultValue={survey.comment ?? ""} />
          </label>
          <button type="submit" className="button primary survey-submit" disabled={submitting}>
            {answered ? t("survey.update") : t("survey.submit")}
          </button>
        </Form>
        {survey.unsubscribed ? (
          <p className="survey-unsubscribed" role={survey.unsubscribedNow ? "status" : undefined}>
            {t("survey.unsubscribed")}
          </p>
        ) : (
          <Form method="post" action="unsubscribe" className="survey-unsubscribe">
            <button type="submit" className="link-button">
              {t("survey.unsubscribe")}
            </button>
          </Form>
        )}
      </div>
    </main>
  );
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const { t } = useI18n();
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  return (
    <main className="survey-page">
      <div className="survey-card survey-missing">
        <h1>{notFound ? t("survey.notFound") : t("error.title")}</h1>
        <p>{notFound ? t("survey.notFoundText") : t("error.generic")}</p>
      </div>
    </main>
  );
}
