import { useEffect, useRef, useState } from "react";
import { useFetcher } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import type { InlineOption } from "./inline-trigger.ts";

export interface Canned {
  id: string;
  shortcut: string;
  title: string;
  body: string;
}
type Data = { rendered: { text: string } | null; items: Canned[] };

/**
 * Fills in a canned response for the conversation (the server resolves {{contact.name}} etc.) and
 * hands the text to onInsert exactly once per pick. A fetcher's data also comes back when React Router
 * revalidates after any action (a priority or tag change), so only the pick's own load may insert
 * (issue 10: the text was inserted again on every change).
 */
export function useCannedRender(conversationId: string, onInsert: (text: string, target: unknown) => void) {
  const render = useFetcher<Data>();
  const pending = useRef<{ target: unknown } | null>(null);
  const insert = useRef(onInsert);
  insert.current = onInsert;
  useEffect(() => {
    if (render.state !== "idle" || !pending.current || !render.data?.rendered) return;
    const { target } = pending.current;
    pending.current = null;
    insert.current(render.data.rendered.text, target);
  }, [render.state, render.data]);
  return (id: string, target?: unknown) => {
    pending.current = { target };
    render.load(`/resources/canned?render=${encodeURIComponent(id)}&conversationId=${encodeURIComponent(conversationId)}`);
  };
}

/** Canned responses whose shortcut or title starts with the "/query" typed in the composer. */
export function useCannedOptions(query: string | null): { options: InlineOption<Canned>[]; loaded: boolean } {
  const list = useFetcher<Data>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload on a new query only (list is a new object every render)
  useEffect(() => {
    if (query !== null) list.load(`/resources/canned?q=${encodeURIComponent(query)}`);
  }, [query]);
  if (query === null) return { options: [], loaded: false };
  const options = (list.data?.items ?? [])
    .filter((c) => c.shortcut.startsWith(query.toLowerCase()) || c.title.toLowerCase().includes(query.toLowerCase()))
    .slice(0, 6)
    .map((c) => ({ key: c.id, label: `/${c.shortcut}`, detail: c.title, value: c }));
  return { options, loaded: list.state === "idle" && list.data !== undefined };
}

/** Picks a canned response from a searchable menu (the composer's "/" does the same inline). */
export function CannedPicker({ conversationId, onInsert }: { conversationId: string; onInsert: (text: string) => void }) {
  const t = useT();
  const list = useFetcher<Data>();
  const [q, setQ] = useState("");
  const ref = useRef<HTMLDetailsElement>(null);
  const render = useCannedRender(conversationId, (text) => {
    onInsert(text);
    if (ref.current) ref.current.open = false;
  });

  const load = (query: string) => list.load(`/resources/canned?q=${encodeURIComponent(query)}`);

  return (
    <details
      className="popover-menu canned-picker"
      ref={ref}
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) load(q);
      }}
    >
      <summary className="button ghost small">{t("conversation.canned")}</summary>
      <div className="menu-popover canned-popover">
        <input
          type="search"
          value={q}
          placeholder={t("conversation.cannedSearch")}
          aria-label={t("conversation.cannedSearch")}
          autoFocus
          onChange={(e) => {
            setQ(e.target.value);
            load(e.target.value);
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape" && ref.current) ref.current.open = false;
          }}
        />
        {list.data && list.data.items.length === 0 ? (
          <p className="muted small" style={{ padding: 8 }}>
            {t("conversation.cannedEmpty")}
          </p>
        ) : null}
        <ul className="plain-list" style={{ gap: 0, marginTop: 6 }}>
          {list.data?.items.map((c) => (
            <li key={c.id}>
              <button type="button" className="menu-item canned-item" onClick={() => render(c.id)}>
                <span className="canned-title">
                  <code>/{c.shortcut}</code> {c.title}
                </span>
                <span className="muted small canned-body">{c.body}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}
