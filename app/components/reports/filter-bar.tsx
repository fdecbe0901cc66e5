import { useRef } from "react";
import { Form, useLocation, useSearchParams } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import { useChannels, useLocalized } from "~/app/lib/channels.tsx";
import { RANGE_PRESETS, type FilterState } from "./report-filters.ts";
import "~/app/i18n/pages/reports.ts";

interface Named {
  id: string;
  name: string;
}

interface Props {
  state: FilterState;
  departments: Named[];
  agents: Named[];
  inboxes: Named[];
  /** Saved customer segments the reader may see (issue 14): facts of their contacts only. */
  segments: Named[];
}

/** The filters every report page shares, as GET search params (a link reproduces the view). */
export function FilterBar({ state, departments, agents, inboxes, segments }: Props) {
  const t = useT();
  const channels = useChannels();
  const localized = useLocalized();
  const [params] = useSearchParams();
  // The bar sits in the reports layout, which has no path of its own: submit to the report shown.
  const { pathname } = useLocation();
  const range = useRef<HTMLSelectElement>(null);
  // Picking a day means a custom period.
  const custom = () => {
    if (range.current) range.current.value = "custom";
  };
  const select = (name: keyof FilterState["values"], label: string, any: string, options: { value: string; label: string }[]) => (
    <label className="report-filter">
      <span>{label}</span>
      <select name={name} defaultValue={state.values[name] ?? ""}>
        <option value="">{any}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  const named = (items: Named[]) => items.map((i) => ({ value: i.id, label: i.name }));
  return (
    <Form method="get" action={pathname} className="card report-filters" aria-label={t("reports.filter.label")} key={params.toString()}>
      <label className="report-filter">
        <span>{t("reports.filter.range")}</span>
        <select name="range" ref={range} defaultValue={String(state.range)}>
          {RANGE_PRESETS.map((n) => (
            <option key={n} value={n}>
              {t("reports.filter.last", { n })}
            </option>
          ))}
          <option value="custom">{t("reports.filter.custom")}</option>
        </select>
      </label>
      <label className="report-filter">
        <span>{t("reports.filter.from")}</span>
        <input type="date" name="from" defaultValue={state.from} onChange={custom} />
      </label>
      <label className="report-filter">
        <span>{t("reports.filter.to")}</span>
        <input type="date" name="to" defaultValue={state.to} onChange={custom} />
      </label>
      {select("departmentId", t("reports.filter.department"), t("reports.filter.anyDepartment"), named(departments))}
      {select("inboxId", t("reports.filter.inbox"), t("reports.filter.anyInbox"), named(inboxes))}
      {select(
        "channel",
        t("reports.filter.channel"),
        t("reports.filter.anyChannel"),
        channels.map((c) => ({ value: c.kind, label: localized(c.label) })),
      )}
      {select("agentId", t("reports.filter.agent"), t("reports.filter.anyAgent"), named(agents))}
      <label className="report-filter">
        <span>{t("reports.filter.tag")}</span>
        <input name="tag" defaultValue={state.values.tag ?? ""} size={10} />
      </label>
      {select("segmentId", t("reports.filter.segment"), t("reports.filter.anySegment"), named(segments))}
      <label className="report-filter report-filter-check">
        <input type="checkbox" name="businessHours" value="true" defaultChecked={state.businessHours} />
        <span>{t("reports.filter.businessHours")}</span>
      </label>
      {params.get("interval") ? <input type="hidden" name="interval" value={params.get("interval") ?? ""} /> : null}
      <button type="submit" className="button primary small">
        {t("reports.filter.apply")}
      </button>
    </Form>
  );
}
