import { useEffect, useRef, useState } from "react";
import { useFetcher } from "react-router";
import { useT } from "~/app/i18n/index.ts";

interface Canned {
  id: string;
  shortcut: string;
  title: string;
  body: string;
}
type Data = { rendered: { text: string } | null; items: Canned[] };

/** Picks a canned response; the server fills in {{contact.name}} etc. before it is inserted. */
export function CannedPicker({ conversationId, onInsert }: { conversationId: string; onInsert: (text: string) => void }) {
  const t = useT();
  const list = useFetcher<Data>();
  const render = useFetcher<Data>();
  const [q, setQ] = useState("");
  const ref = useRef<HTMLDetailsElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the rendered result only (see below)
  useEffect(() => {
    if (render.state === "idle" && render.data?.rendered) {
      onInsert(render.data.rendered.text);
      if (ref.current) ref.current.open = false;
    }
    // Keyed on the rendered result only: a new onInsert identity must not insert twice.
  }, [render.data]);

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
              <button
                type="button"
                className="menu-item canned-item"
                onClick={() => render.load(`/resources/canned?render=${c.id}&conversationId=${conversationId}`)}
              >
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
