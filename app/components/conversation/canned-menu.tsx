import { useEffect, useRef, useState } from "react";
import { useFetcher } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/inbox-tools.ts";
import { type Canned, cannedListUrl, useCannedRender } from "./canned-responses.ts";

/** The canned picker's open menu: a search box and the matching responses, filled in on a pick. */
export function CannedMenu(props: { conversationId: string; opens: number; onInsert: (text: string) => void; onClose: () => void }) {
  const t = useT();
  const list = useFetcher<{ items: Canned[] }>();
  const [q, setQ] = useState("");
  const input = useRef<HTMLInputElement>(null);
  const render = useCannedRender(props.conversationId, props.onInsert);
  const load = (query: string) => list.load(cannedListUrl(query));

  // biome-ignore lint/correctness/useExhaustiveDependencies: each opening (opens) reloads the list for the query as it is then
  useEffect(() => {
    load(q);
    input.current?.focus();
  }, [props.opens]);

  return (
    <div className="menu-popover canned-popover">
      <input
        ref={input}
        type="search"
        value={q}
        placeholder={t("conversation.cannedSearch")}
        aria-label={t("conversation.cannedSearch")}
        onChange={(e) => {
          setQ(e.target.value);
          load(e.target.value);
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") props.onClose();
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
  );
}
