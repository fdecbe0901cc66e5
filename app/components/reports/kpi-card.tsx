import { useT } from "~/app/i18n/index.ts";
import { compare, type Polarity } from "./report-delta.ts";
import "~/app/i18n/pages/reports.ts";

interface Props {
  label: string;
  current: number | null;
  previous: number | null;
  /** Formats a value (and the size of a change) in the metric's unit. */
  format: (value: number | null) => string;
  polarity: Polarity;
  /** A second line: p90, counts behind a rate. */
  detail?: React.ReactNode;
  testId?: string;
}

const ARROW = { up: "▲", down: "▼", same: "＝" } as const;

/** One headline number compared with the previous period: arrow and colour, and the same in words. */
export function KpiCard({ label, current, previous, format, polarity, detail, testId }: Props) {
  const t = useT();
  const delta = compare(current, previous, polarity);
  const words = !delta
    ? t("reports.noPrevious")
    : delta.direction === "same"
      ? t("reports.deltaSame", { previous: format(previous) })
      : t(delta.direction === "up" ? "reports.deltaUp" : "reports.deltaDown", {
          value: format(delta.difference),
          previous: format(previous),
        });
  return (
    <div className="card kpi" data-testid={testId}>
      <h3 className="kpi-label">{label}</h3>
      <p className="kpi-value">{format(current)}</p>
      <p className={`kpi-delta tone-${delta?.tone ?? "neutral"}`}>
        {delta ? <span aria-hidden>{ARROW[delta.direction]} </span> : null}
        <span>{words}</span>
        {delta && delta.tone !== "neutral" ? (
          <span className="visually-hidden"> ({t(delta.tone === "better" ? "reports.better" : "reports.worse")})</span>
        ) : null}
      </p>
      {detail ? <div className="kpi-detail muted small">{detail}</div> : null}
    </div>
  );
}
