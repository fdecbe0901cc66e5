import { Link, useSearchParams } from "react-router";
import type { Route } from "./+types/overview";
import { METRICS_DOC_URL, reportRequest, reportSummary, reportTimeseries } from "~/app/lib/reports.server.ts";
import { orThrowResponse } from "~/app/lib/errors.server.ts";
import { pageTitle } from "~/app/lib/page-title.ts";
import { useI18n } from "~/app/i18n/index.ts";
import { ReportHeader } from "~/app/components/reports/report-header.tsx";
import { KpiCard } from "~/app/components/reports/kpi-card.tsx";
import { VolumeChart } from "~/app/components/reports/volume-chart.tsx";
import { BacklogChart } from "~/app/components/reports/backlog-chart.tsx";
import { formatDuration, formatNumber, formatPercent, formatRate } from "~/app/components/reports/report-format.ts";
import "~/app/i18n/pages/reports.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const { actor, params, state, query } = await reportRequest(request, context);
  // A year by day is 365 bars: weeks read better past a quarter.
  const interval = params.get("interval") === "week" || (params.get("interval") !== "day" && state.range === 365) ? "week" : "day";
  const series = (metric: string) => orThrowResponse(reportTimeseries(context.app, actor, { ...query, metric, interval }));
  const [summary, messagesIn, messagesOut, backlog] = await Promise.all([
    orThrowResponse(reportSummary(context.app, actor, query)),
    series("messages_in"),
    series("messages_out"),
    series("backlog"),
  ]);
  return { state, interval, summary, messagesIn, messagesOut, backlog, definitionsUrl: METRICS_DOC_URL };
}

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "reports.overview");

export default function Overview({ loaderData }: Route.ComponentProps) {
  const { t, locale } = useI18n();
  const [params] = useSearchParams();
  const { summary: s, state, interval } = loaderData;
  const p = s.previous;
  const count = (v: number | null) => formatNumber(v, locale);
  const duration = (v: number | null) => formatDuration(v, t);
  const percent = (v: number | null) => formatPercent(v, locale);
  const rate = (v: number | null) => formatRate(v, locale);
  const intervalLink = (value: "day" | "week") => {
    const next = new URLSearchParams(params);
    next.set("interval", value);
    return `?${next}`;
  };
  const times = [
    ["firstResponse", "reports.kpi.firstResponse"],
    ["nextResponse", "reports.kpi.nextResponse"],
    ["resolution", "reports.kpi.resolution"],
  ] as const;
  return (
    <>
      <ReportHeader title={t("reports.overview")} report="summary" state={state} definitionsUrl={loaderData.definitionsUrl} />
      <div className="kpi-grid" data-testid="overview-kpis">
        <KpiCard
          label={t("reports.kpi.conversations")}
          current={s.conversations}
          previous={p.conversations}
          format={count}
          polarity="neutral"
          testId="kpi-conversations"
          detail={t("reports.kpi.segmentsNote", {
            conversations: count(s.conversations),
            resolutions: count(s.resolutions),
            reopens: count(s.reopens),
          })}
        />
        <KpiCard
          label={t("reports.kpi.messagesIn")}
          current={s.messagesIn}
          previous={p.messagesIn}
          format={count}
          polarity="neutral"
          testId="kpi-messages-in"
        />
        <KpiCard
          label={t("reports.kpi.messagesOut")}
          current={s.messagesOut}
          previous={p.messagesOut}
          format={count}
          polarity="neutral"
          testId="kpi-messages-out"
        />
        <KpiCard
          label={t("reports.kpi.reopenRate")}
          current={s.reopenRate}
          previous={p.reopenRate}
          format={rate}
          polarity="lower-better"
          testId="kpi-reopen-rate"
          detail={`${t("reports.kpi.reopens")}: ${count(s.reopens)} · ${t("reports.kpi.resolutions")}: ${count(s.resolutions)}`}
        />
        {times.map(([key, label]) => (
          <KpiCard
            key={key}
            label={`${t(label)} (${t("reports.kpi.median")})`}
            current={s[key].median}
            previous={p[key].median}
            format={duration}
            polarity="lower-better"
            testId={`kpi-${key}`}
            detail={`${t("reports.kpi.p90")}: ${duration(s[key].p90)} · ${t("reports.kpi.mean")}: ${duration(s[key].mean)} · ${t("reports.kpi.count")}: ${count(s[key].count)}`}
          />
        ))}
        <KpiCard
          label={t("reports.kpi.slaMet")}
          current={s.sla.metPercent}
          previous={p.sla.metPercent}
          format={percent}
          polarity="higher-better"
          testId="kpi-sla"
          detail={t("reports.kpi.slaDetail", { met: count(s.sla.met), breached: count(s.sla.breached) })}
        />
        <KpiCard
          label={t("reports.kpi.csatScore")}
          current={s.csat.score}
          previous={p.csat.score}
          format={percent}
          polarity="higher-better"
          testId="kpi-csat"
          detail={t("reports.kpi.csatDetail", {
            responses: count(s.csat.responses),
            sent: count(s.csat.surveysSent),
            average: formatNumber(s.csat.average, locale, 1),
          })}
        />
        <KpiCard
          label={t("reports.kpi.csatRate")}
          current={s.csat.responseRate}
          previous={p.csat.responseRate}
          format={rate}
          polarity="higher-better"
          testId="kpi-csat-rate"
        />
      </div>
      <nav className="report-interval" aria-label={t("reports.chart.interval")}>
        {(["day", "week"] as const).map((v) => (
          <Link
            key={v}
            className={`button small${interval === v ? " primary" : ""}`}
            to={intervalLink(v)}
            aria-current={interval === v ? "true" : undefined}
          >
            {t(v === "day" ? "reports.chart.day" : "reports.chart.week")}
          </Link>
        ))}
      </nav>
      <div className="report-grid">
        <VolumeChart title={t("reports.chart.volumeIn")} series={loaderData.messagesIn} testId="volume-in-table" />
        <VolumeChart title={t("reports.chart.volumeOut")} series={loaderData.messagesOut} testId="volume-out-table" />
      </div>
      <BacklogChart series={loaderData.backlog} />
    </>
  );
}

export { RouteErrorPane as ErrorBoundary } from "~/app/components/route-error.tsx";
