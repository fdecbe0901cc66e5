import { useT } from "~/app/i18n/index.ts";
import { stars } from "~/app/components/conversation/event-text.ts";
import type { CsatRatings } from "~/server/domain/csat/csat-ratings.ts";

/** The conversation's latest survey rating, next to its number in the header. */
export function CsatBadge({ ratings }: { ratings: CsatRatings }) {
  const t = useT();
  const latest = ratings.latest[0];
  if (!latest) return null;
  return (
    <span className="csat-badge" title={latest.comment ?? t("csat.title")}>
      <span aria-hidden>{stars(latest.rating)}</span>
      <span className="visually-hidden">{t("csat.title")}:</span> {t("csat.rating", { rating: latest.rating })}
    </span>
  );
}
