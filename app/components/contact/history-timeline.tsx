import { type ReactNode, useEffect, useState } from "react";
import { useFetcher } from "react-router";
import { useI18n } from "~/app/i18n/index.ts";
import { HistoryItem, type HistoryEntry, historyEntryId } from "./history-item.tsx";
import "~/app/i18n/pages/customers.ts";

type TimelinePage = { items: HistoryEntry[]; nextCursor: string | null };

/**
 * One timeline card of the customer and company pages: the first page from the loader, older pages
 * fetched from `path?cursor=` (the page's loader returns only the next page then), and on top
 * entries that arrived live. `children` go under the title (the customer page's history search).
 */
export function HistoryTimeline(props: {
  title: string;
  hint: string;
  path: string;
  first: TimelinePage;
  live?: HistoryEntry[];
  children?: ReactNode;
}) {
  const { t } = useI18n();
  const more = useFetcher<{ timeline: TimelinePage }>();
  const [older, setOlder] = useState<HistoryEntry[]>([]);
  const [cursor, setCursor] = useState(props.first.nextCursor);

  useEffect(() => {
    if (more.state !== "idle" || !more.data) return;
    setOlder((prev) => [...prev, ...more.data!.timeline.items]);
    setCursor(more.data.timeline.nextCursor);
  }, [more.state, more.data]);

  const seen = new Set<string>();
  const items = [...(props.live ?? []), ...props.first.items, ...older].filter(
    (i) => !seen.has(historyEntryId(i)) && seen.add(historyEntryId(i)),
  );
  return (
    <section className="card" aria-labelledby="history-title">
      <div className="card-body" style={{ borderBottom: "1px solid var(--border)" }}>
        <h2 id="history-title">{props.title}</h2>
        <p className="muted small">{props.hint}</p>
        {props.children}
      </div>
      {items.length === 0 ? <div className="empty-state">{t("contact.empty")}</div> : null}
      <ol className="history">
        {items.map((item) => (
          <HistoryItem key={historyEntryId(item)} item={item} />
        ))}
      </ol>
      {cursor ? (
        <div className="list-footer">
          <button
            type="button"
            className="button small"
            disabled={more.state !== "idle"}
            onClick={() => more.load(`${props.path}?cursor=${encodeURIComponent(cursor)}`)}
          >
            {more.state !== "idle" ? t("inbox.loading") : t("inbox.loadMore")}
          </button>
        </div>
      ) : null}
    </section>
  );
}
