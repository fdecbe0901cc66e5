import type { ReactNode } from "react";
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from "react";
import { Link, useFetcher, useNavigate } from "react-router";
import type { ConversationSummary } from "~/common/realtime-contract.ts";
import { useT, type MessageKey } from "~/app/i18n/index.ts";
import { byActivity, filterSearch, matchesFilter, type InboxFilter } from "~/app/lib/inbox-filter.ts";
import type { ListDensity, StatusFilter } from "~/common/vocabulary.ts";
import { useReadMarks } from "~/app/lib/unread.ts";
import { useWorkspace } from "~/app/lib/workspace.ts";
import { useHotkeys } from "~/app/hooks/use-hotkeys.ts";
import { useConversationChanges, useSocketEvent } from "~/app/realtime/hooks.ts";
import { useListPresence } from "~/app/realtime/use-list-presence.ts";
import { ConversationRow } from "./conversation-row.tsx";
import { DensityToggle } from "./density-toggle.tsx";
import { useRowSelection } from "./use-row-selection.ts";

// Loaded when the first row is selected: most page loads never need it.
const BulkBar = lazy(() => import("./bulk-bar.tsx").then((m) => ({ default: m.BulkBar })));

interface Props {
  filter: InboxFilter;
  items: ConversationSummary[];
  nextCursor: string | null;
  selectedId: string | null;
  /** A conversation being opened that takes a while to load. */
  pendingId?: string | null;
  /** The attribute filter control (attribute-filter.tsx), under the status tabs. */
  filterBar?: ReactNode;
  density: ListDensity;
}

const SHIFT_X = "X";
const TABS: StatusFilter[] = ["active", "pending", "snoozed", "resolved", "closed"];

export function ConversationList({ filter, items, nextCursor, selectedId, pendingId = null, filterBar, density }: Props) {
  const t = useT();
  const navigate = useNavigate();
  const { user, directory } = useWorkspace();
  const more = useFetcher<{ items: ConversationSummary[]; nextCursor: string | null }>();
  const [extra, setExtra] = useState<ConversationSummary[]>([]);
  const [cursor, setCursor] = useState(nextCursor);
  const [live, setLive] = useState<Map<string, ConversationSummary>>(() => new Map());
  // -1: nothing under the keyboard cursor yet, so the first j lands on the newest conversation.
  const [focusIndex, setFocusIndex] = useState(-1);
  const listRef = useRef<HTMLUListElement>(null);
  const presence = useListPresence();

  // A revalidated first page brings its own cursor only while no further page was loaded.
  useEffect(() => {
    if (extra.length === 0) setCursor(nextCursor);
  }, [nextCursor, extra.length]);

  useEffect(() => {
    if (!more.data || more.state !== "idle") return;
    setExtra((prev) => [...prev, ...more.data!.items]);
    setCursor(more.data.nextCursor);
  }, [more.data, more.state]);

  useConversationChanges((e) => {
    setLive((prev) => new Map(prev).set(e.conversation.id, e.conversation));
  });
  // A conversation the agent may no longer see (moved to a restricted department): the revalidated
  // list no longer has it, and the live row it got earlier must not keep it on screen.
  useSocketEvent("access:changed", ({ leftConversationIds }) => {
    if (leftConversationIds.length === 0) return;
    setLive((prev) => {
      const next = new Map(prev);
      for (const id of leftConversationIds) next.delete(id);
      return next;
    });
  });

  const serverRows = useMemo(() => [...items, ...extra], [items, extra]);
  const rows = useMemo(() => {
    const byId = new Map<string, ConversationSummary>();
    for (const c of serverRows) if (!byId.has(c.id)) byId.set(c.id, c);
    for (const [id, c] of live) {
      const known = byId.get(id);
      // Attribute filters are the server's to check: live updates refresh listed rows, never add one.
      if (!known && filter.attributes) continue;
      if (!known || c.lastActivityAt >= known.lastActivityAt) byId.set(id, c);
    }
    return [...byId.values()].filter((c) => matchesFilter(c, filter, user.id)).sort(byActivity);
  }, [serverRows, live, filter, user.id]);

  const isUnread = useReadMarks(serverRows, selectedId ? rows.find((r) => r.id === selectedId) : undefined);

  // "You:" only for the signed-in agent's own messages; a colleague's carry their first name.
  const lastAuthor = (c: ConversationSummary) => {
    const id = c.lastMessage?.kind === "message" && c.lastMessage.direction === "outbound" ? c.lastMessage.authorUserId : null;
    if (!id) return null;
    if (id === user.id) return "you" as const;
    const name = agents.get(id);
    return name ? { name: name.split(/\s+/)[0]! } : null;
  };
  const search = filterSearch(filter);
  const hrefFor = (id: string) => `/inbox/${filter.view}/${id}${search}`;
  const selectedIndex = selectedId ? rows.findIndex((r) => r.id === selectedId) : -1;
  const current = selectedIndex >= 0 ? selectedIndex : Math.min(focusIndex, rows.length - 1);

  // j/k move the keyboard focus too (roving focus), so screen readers announce the row under the cursor.
  const focusFromKeys = useRef(false);
  const move = (delta: number) => {
    if (rows.length === 0) return;
    const next = current < 0 ? 0 : Math.max(0, Math.min(rows.length - 1, current + delta));
    focusFromKeys.current = true;
    setFocusIndex(next);
    // With a conversation open, j/k walk through conversations directly (Front-style).
    if (selectedId) navigate(hrefFor(rows[next].id), { replace: true });
  };
  const open = () => {
    const row = rows[Math.max(current, 0)];
    if (row) navigate(hrefFor(row.id));
  };
  const selection = useRowSelection(rows);
  // x checks the row under the cursor; Shift+X (key "X") checks the range from the last one checked.
  const toggleCursor = (e: KeyboardEvent) => {
    if (rows.length) selection.toggle(Math.max(current, 0), e.shiftKey);
  };
  useHotkeys({ j: () => move(1), k: () => move(-1), Enter: open, o: open, x: toggleCursor, [SHIFT_X]: toggleCursor });

  // When the open conversation leaves this view (resolved, assigned away…), move on to the one that
  // took its place, as Front and Help Scout do: the agent keeps working through the queue.
  const lastSelected = useRef<{ id: string; index: number } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the selection or the rows move, not when navigate/filter identities change
  useEffect(() => {
    const last = lastSelected.current;
    if (selectedId && selectedIndex >= 0) {
      lastSelected.current = { id: selectedId, index: selectedIndex };
    } else if (selectedId && last?.id === selectedId && selectedIndex < 0) {
      lastSelected.current = null;
      const next = rows[Math.min(last.index, rows.length - 1)];
      navigate(next ? hrefFor(next.id) : `/inbox/${filter.view}${search}`, { replace: true });
    }
    // hrefFor/search derive from filter, already a dependency through rows.
  }, [selectedId, selectedIndex, rows]);

  useEffect(() => {
    const row = listRef.current?.querySelector<HTMLElement>(`[data-index="${current}"]`);
    row?.scrollIntoView({ block: "nearest" });
    if (focusFromKeys.current) row?.querySelector<HTMLElement>("a")?.focus({ preventScroll: true });
    focusFromKeys.current = false;
  }, [current]);

  const department = filter.departmentId ? directory.departments.find((d) => d.id === filter.departmentId) : null;
  const title = department?.name ?? t(`inbox.title.${filter.view}` as MessageKey);
  const unread = rows.filter(isUnread).length;
  const agents = useMemo(() => new Map(directory.users.map((u) => [u.id, u.name])), [directory.users]);

  const loadMore = () => {
    if (!cursor) return;
    const params = new URLSearchParams(search.slice(1));
    params.set("cursor", cursor);
    more.load(`/inbox/${filter.view}?${params}`);
  };

  return (
    <section className="conv-list" aria-label={title}>
      <div className="conv-list-header">
        <h1>{title}</h1>
        {unread > 0 ? <span className="badge status-open">{`${unread} ${t("inbox.unread")}`}</span> : null}
        <DensityToggle density={density} action={`/inbox/${filter.view}${search}`} />
      </div>
      <nav className="status-tabs" aria-label={t("nav.statuses")}>
        {TABS.map((s) => {
          const href = `/inbox/${filter.view}${filterSearch({ ...filter, status: s })}`;
          return (
            <Link
              key={s}
              to={href}
              className={`status-tab${filter.status === s ? " active" : ""}`}
              aria-current={filter.status === s ? "page" : undefined}
            >
              {t(`status.${s}` as MessageKey)}
            </Link>
          );
        })}
      </nav>
      {filterBar}
      {rows.length > 0 ? (
        <div className="list-select-all">
          <input
            type="checkbox"
            id="select-all-rows"
            checked={selection.all}
            ref={(el) => {
              if (el) el.indeterminate = selection.some && !selection.all;
            }}
            onChange={selection.toggleAll}
          />
          <label htmlFor="select-all-rows">{t("bulk.selectAll")}</label>
        </div>
      ) : null}
      {selection.rows.length > 0 ? (
        <Suspense fallback={null}>
          <BulkBar selected={selection.rows} action={`/inbox/${filter.view}${search}`} onClear={selection.clear} />
        </Suspense>
      ) : null}
      {rows.length === 0 ? (
        <div className="empty-state">{t("inbox.empty")}</div>
      ) : (
        <ul className="conv-items" ref={listRef}>
          {rows.map((c, i) => (
            <ConversationRow
              key={c.id}
              conversation={c}
              index={i}
              href={hrefFor(c.id)}
              selected={c.id === selectedId}
              pending={c.id === pendingId}
              focused={i === current && !selectedId}
              unread={isUnread(c)}
              assigneeName={c.assigneeId ? (agents.get(c.assigneeId) ?? null) : null}
              lastAuthor={lastAuthor(c)}
              viewers={presence.get(c.id)?.filter((v) => v.userId !== user.id)}
              checked={selection.has(c.id)}
              tabbable={i === Math.max(current, 0)}
              onFocus={() => setFocusIndex(i)}
              onToggle={selection.toggle}
            />
          ))}
          {cursor ? (
            <li className="list-footer">
              <button type="button" className="button small" onClick={loadMore} disabled={more.state !== "idle"}>
                {more.state !== "idle" ? t("inbox.loading") : t("inbox.loadMore")}
              </button>
            </li>
          ) : null}
        </ul>
      )}
    </section>
  );
}
