import { lazy, Suspense, useEffect, useState } from "react";
import { useFetcher } from "react-router";
import { useHotkeys } from "~/app/hooks/use-hotkeys.ts";
import { useT } from "~/app/i18n/index.ts";
import type { MacroItem } from "./macro-picker.tsx";

// The picker's code loads the first time it opens.
const MacroPicker = lazy(() => import("./macro-picker.tsx").then((m) => ({ default: m.MacroPicker })));

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
  const fetcher = useFetcher<{ ok: boolean; error?: string; ran?: string; failures?: { type: string; message: string }[] }>();
  const [opens, setOpens] = useState(0);
  const busy = fetcher.state !== "idle";

  const open = () => {
    if (disabled || macros.length === 0) return;
    setOpens((n) => n + 1);
  };
  const run = (macro: MacroItem) => fetcher.submit({ intent: "macro", macroId: macro.id }, { method: "post" });
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
      {opens ? (
        <Suspense fallback={null}>
          <MacroPicker macros={macros} opens={opens} onRun={run} />
        </Suspense>
      ) : null}
    </>
  );
}
