import { useEffect, useRef, useState } from "react";
import { useFetcher } from "react-router";
import { useHotkeys } from "~/app/hooks/use-hotkeys.ts";
import { useT } from "~/app/i18n/index.ts";

export interface MacroItem {
  id: string;
  name: string;
  shortcut: string | null;
}

/** The Alt+key a macro was given, from the physical key (Alt+R types "®" on a Mac keyboard). */
const shortcutOf = (event: KeyboardEvent) => {
  const m = /^(?:Key|Digit)([A-Z0-9])$/.exec(event.code);
  return m ? m[1]!.toLowerCase() : null;
};

/**
 * The "Macros" menu of the conversation header: `m` opens a filterable picker (type, ↑/↓, Enter),
 * Alt + a macro's own key runs it at once. The route action runs it as the agent; the loaders
 * revalidate, so its tags, department, priority or sent reply show straight away.
 */
export function MacroButton({ macros, disabled }: { macros: MacroItem[]; disabled: boolean }) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const fetcher = useFetcher<{ ok: boolean; error?: string; ran?: string; failures?: { type: string; message: string }[] }>();
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const busy = fetcher.state !== "idle";
  const q = query.trim().toLowerCase();
  const shown = macros.filter((m) => m.name.toLowerCase().includes(q));

  const open = () => {
    if (disabled || macros.length === 0) return;
    setQuery("");
    setActive(0);
    dialog.current?.showModal();
  };
  const run = (macro: MacroItem) => {
    dialog.current?.close();
    fetcher.submit({ intent: "macro", macroId: macro.id }, { method: "post" });
  };
  useHotkeys({ m: open }, !disabled);
  useEffect(() => {
    if (disabled) return;
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || document.querySelector("dialog[open]")) return;
      const key = shortcutOf(event);
      const macro = key ? macros.find((m) => m.shortcut === key) : undefined;
      if (!macro) return;
      event.preventDefault();
      fetcher.submit({ intent: "macro", macroId: macro.id }, { method: "post" });
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [disabled, macros, fetcher.submit]);

  const result = busy ? undefined : fetcher.data;
  const failures = result?.failures?.map((f) => `${f.type}: ${f.message}`).join("; ");
  return (
    <>
      <button type="button" className="button small" disabled={disabled || macros.length === 0 || busy} onClick={open} title="m">
        {t("ops.macros.menu")}
      </button>
      {result?.ok && result.ran ? (
        <span className={failures ? "alert error macro-result" : "alert success macro-result"} role="status">
          {failures ? t("ops.macros.failed", { name: result.ran, errors: failures }) : t("ops.macros.ran", { name: result.ran })}
        </span>
      ) : null}
      {result && !result.ok ? (
        <span className="alert error macro-result" role="alert">
          {result.error}
        </span>
      ) : null}
      <dialog ref={dialog} className="dialog macro-dialog" aria-labelledby="macro-picker-title">
        <h2 id="macro-picker-title">{t("ops.macros.menu")}</h2>
        <input
          type="search"
          autoFocus
          aria-label={t("ops.macros.filter")}
          placeholder={t("ops.macros.filter")}
          value={query}
          role="combobox"
          aria-expanded="true"
          aria-controls="macro-picker-list"
          aria-activedescendant={shown[active] ? `macro-option-${shown[active].id}` : undefined}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={(e) => {
            if (e.nativeEvent.isComposing) return;
            if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              e.preventDefault();
              const n = Math.max(shown.length, 1);
              setActive((i) => (i + (e.key === "ArrowDown" ? 1 : n - 1)) % n);
            } else if (e.key === "Enter") {
              e.preventDefault();
              if (shown[active]) run(shown[active]);
            }
          }}
        />
        <div className="macro-list" id="macro-picker-list" role="listbox" aria-label={t("ops.macros.menu")}>
          {shown.length === 0 ? <p className="muted small">{t("ops.macros.none")}</p> : null}
          {shown.map((m, i) => (
            <div
              key={m.id}
              id={`macro-option-${m.id}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={i === active ? "active" : undefined}
              onMouseEnter={() => setActive(i)}
              onClick={() => run(m)}
              onKeyDown={(e) => {
                if (e.key === "Enter") run(m);
              }}
            >
              <span>{m.name}</span>
              {m.shortcut ? <kbd>Alt + {m.shortcut}</kbd> : null}
            </div>
          ))}
        </div>
        <form method="dialog">
          <button className="button ghost small" type="submit">
            {t("help.close")}
          </button>
        </form>
      </dialog>
    </>
  );
}
