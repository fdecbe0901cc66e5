import { useRef, useState } from "react";
import { useT } from "~/app/i18n/index.ts";
import { useModalOpenings } from "~/app/hooks/use-modal-openings.ts";
import "~/app/i18n/pages/inbox-tools.ts";

export interface MacroItem {
  id: string;
  name: string;
  shortcut: string | null;
}

/** The macro picker (macro-button.tsx opens it): filter by typing, ↑/↓, Enter runs the macro. */
export function MacroPicker({ macros, opens, onRun }: { macros: MacroItem[]; opens: number; onRun: (macro: MacroItem) => void }) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const q = query.trim().toLowerCase();
  const shown = macros.filter((m) => m.name.toLowerCase().includes(q));
  useModalOpenings(dialog, opens, () => {
    setQuery("");
    setActive(0);
  });
  const run = (macro: MacroItem) => {
    dialog.current?.close();
    onRun(macro);
  };
  return (
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
  );
}
