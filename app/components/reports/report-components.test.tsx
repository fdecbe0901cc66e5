import "~/app/i18n/dictionaries.server.ts";
import { renderToStaticMarkup } from "react-dom/server";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { I18nProvider, translator, type Locale } from "~/app/i18n/index.ts";
import type { ReportHeatmap, ReportTimeseries } from "~/server/domain/reports/report-types.ts";
import { VolumeChart } from "./volume-chart.tsx";
import { PerformanceTable } from "./performance-table.tsx";
import { Heatmap } from "./heatmap.tsx";
import { KpiCard } from "./kpi-card.tsx";
import { TrendChart } from "./trend-chart.tsx";
import { formatDuration } from "./report-format.ts";

function render(node: React.ReactNode, locale: Locale = "en") {
  return renderToStaticMarkup(
    <I18nProvider value={{ locale, t: translator(locale) }}>
      <MemoryRouter>{node}</MemoryRouter>
    </I18nProvider>,
  );
}

const text = (html: string) => html.replace(/<[^>]+>/g, "");

describe("report components", () => {
  it("a KPI says the change in words and colours a slower response as worse", () => {
    const en = translator("en");
    const html = render(
      <KpiCard label="First response" current={7500} previous={3600} format={(v) => formatDuration(v, en)} polarity="lower-better" />,
    );
    expect(html).toContain('class="kpi-delta tone-worse"');
    expect(text(html)).toContain("Up 1h 5m from 1h 0m");
    expect(text(html)).toContain("(worse)");
  });

  it("a KPI in Japanese, and one with nothing to compare with", () => {
    const ja = translator("ja");
    const html = render(
      <KpiCard label="SLA" current={90} previous={80} format={(v) => (v === null ? "–" : `${v}%`)} polarity="higher-better" />,
      "ja",
    );
    expect(text(html)).toContain("80% から 10% 増加");
    expect(text(html)).toContain("(改善)");
    const none = render(
      <KpiCard label="CSAT" current={null} previous={null} format={(v) => formatDuration(v, ja)} polarity="higher-better" />,
      "ja",
    );
    expect(text(none)).toContain("前期間のデータなし");
  });

  it("the heatmap is a table of all 168 cells with weekday headers in the UI language", () => {
    const data: ReportHeatmap = {
      timezone: "Asia/Tokyo",
      cells: Array.from({ length: 168 }, (_, i) => ({ weekday: Math.floor(i / 24) + 1, hour: i % 24, count: i === 24 + 10 ? 12 : 0 })),
    };
    const html = render(<Heatmap data={data} />, "ja");
    expect(html.match(/<td[^>]*data-count=/g)).toHaveLength(168);
    expect(html).toContain('data-count="12"');
    expect(text(html)).toContain("最も多い時間帯: 火 10時（12 件）");
    expect(text(html)).toContain("タイムゾーン: Asia/Tokyo");
  });

  it("each top issue links to its conversations and shows its change", () => {
    const html = render(
      <TrendChart
        title="Tags"
        itemLabel="Tag"
        testId="t"
        items={[{ label: "返金", href: "/search?tag=%E8%BF%94%E9%87%91", count: 9, previousCount: 4, change: 5 }]}
      />,
    );
    expect(html).toContain('href="/search?tag=%E8%BF%94%E9%87%91"');
    expect(text(html)).toContain("返金Rising94+5");
  });

  it("the volume chart's table lists every bucket per channel with its total, in the workspace time zone", () => {
    const series: ReportTimeseries = {
      metric: "messages_in",
      interval: "day",
      timezone: "Asia/Tokyo",
      points: [
        { start: "2026-11-29T15:00:00.000Z", value: 5, byChannel: { email: 3, web_chat: 2 } },
        { start: "2026-11-30T15:00:00.000Z", value: 1, byChannel: { email: 1 } },
      ],
    };
    const html = render(<VolumeChart title="Messages in" series={series} testId="v" />, "ja");
    const rows = [...html.matchAll(/<tr><th scope="row">(.*?)<\/th>(.*?)<\/tr>/g)].map((m) => [
      m[1],
      ...text(m[2].replace(/<\/td>/g, "|"))
        .split("|")
        .slice(0, -1),
    ]);
    expect(rows).toEqual([
      ["11月30日", "3", "2", "5"],
      ["12月1日", "1", "0", "1"],
    ]);
  });

  it("the performance table writes durations, CSAT and SLA per row", () => {
    const stats = (median: number | null) => ({
      median,
      p90: median === null ? null : median * 2,
      mean: median,
      count: median === null ? 0 : 3,
    });
    const html = render(
      <PerformanceTable
        caption="Agents"
        nameLabel="Agent"
        testId="p"
        rows={[
          {
            key: "a1",
            name: "Maya Chen",
            conversations: 4,
            replies: 9,
            resolutions: 3,
            firstResponse: stats(300),
            resolution: stats(7500),
            csat: { surveysSent: 4, responses: 2, responseRate: 0.5, average: 4.5, score: 100 },
            sla: { met: 3, breached: 1, metPercent: 75 },
            onlineSeconds: 3 * 3600,
          },
        ]}
      />,
    );
    expect(text(html)).toContain("Maya Chen4935m10m2h 5m4h 10m100%75%3h 0m");
  });
});
