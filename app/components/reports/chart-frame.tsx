import { useId, useState } from "react";
import { useT } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/reports.ts";

interface Props {
  title: string;
  /** One line under the title (units, time zone). */
  note?: string;
  /** The chart itself; hidden from assistive technology, which reads the table. */
  chart: React.ReactNode;
  /** The same numbers as a <table> with a caption. */
  table: React.ReactNode;
  /** Tables start open where the numbers matter as much as the picture. */
  tableOpen?: boolean;
  actions?: React.ReactNode;
}

/** A chart card with its numbers as an accessible table behind a toggle (issue 13). */
export function ChartFrame({ title, note, chart, table, tableOpen = false, actions }: Props) {
  const t = useT();
  const [open, setOpen] = useState(tableOpen);
  const tableId = useId();
  return (
    <section className="card report-card">
      <header className="report-card-header">
        <div>
          <h2>{title}</h2>
          {note ? <p className="muted small">{note}</p> : null}
        </div>
        <div className="report-card-actions">
          {actions}
          <button type="button" className="button small ghost" aria-expanded={open} aria-controls={tableId} onClick={() => setOpen(!open)}>
            {open ? t("reports.hideTable") : t("reports.showTable")}
          </button>
        </div>
      </header>
      <div className="report-chart" aria-hidden>
        {chart}
      </div>
      <div id={tableId} className="report-table-wrap" hidden={!open}>
        {table}
      </div>
    </section>
  );
}
