import { Link } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/customers.ts";
import { stars } from "~/app/components/conversation/event-text.ts";
import type { CsatRatings } from "~/server/domain/csat/csat-ratings.ts";

/** A customer's ratings: the average and the latest answers with their conversations (customer page). */
export function CsatCard({ ratings }: { ratings: CsatRatings }) {
  const t = useT();
  return (
    <section className="card card-body csat-card" aria-labelledby="csat-title">
      <h3 className="muted" id="csat-title" style={{ marginBottom: 8 }}>
        {t("csat.title")}
      </h3>
      {ratings.average === null ? (
        <span className="muted small">{t("csat.none")}</span>
      ) : (
        <>
          <p className="csat-average">
            <span className="csat-stars" aria-hidden>
              {stars(Math.round(ratings.average))}
            </span>{" "}
            {t("csat.average", { average: ratings.average.toFixed(1), count: ratings.count })}
          </p>
          <ul className="csat-list">
            {ratings.latest.map((r) => (
              <li key={r.surveyId}>
                <Link to={`/conversations/${r.conversationId}`}>{t("csat.conversationNumber", { number: r.conversationNumber })}</Link>{" "}
                <span className="csat-stars" aria-hidden>
                  {stars(r.rating)}
                </span>{" "}
                {t("csat.rating", { rating: r.rating })}
                {r.comment ? <div className="small muted">{r.comment}</div> : null}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
