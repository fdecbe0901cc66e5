import type { RefObject } from "react";
import { useModalOpenings } from "~/app/hooks/use-modal-openings.ts";
import { useT } from "~/app/i18n/index.ts";
import type { MessageKey } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/inbox-tools.ts";

const SHORTCUTS: [string[], MessageKey][] = [
  [["j"], "help.next"],
  [["k"], "help.prev"],
  [["Enter", "o"], "help.open"],
  [["x"], "bulk.help.select"],
  [["r"], "help.reply"],
  [["n"], "help.note"],
  [["e"], "help.resolve"],
  [["a"], "help.assign"],
  [["m"], "help.macros"],
  [["s"], "help.snooze"],
  [["t"], "help.tag"],
  [["p"], "help.priority"],
  [["u"], "help.nextUnread"],
  [["z"], "help.undo"],
  [["/"], "help.search"],
  [["Ctrl", "Enter"], "help.send"],
  [["Esc"], "help.escape"],
  [["?"], "help.help"],
];

/** The "?" list of shortcuts; app-layout.tsx mounts it on the first opening, and each opening (opens) shows it. */
export function ShortcutsHelp({ dialogRef, opens }: { dialogRef: RefObject<HTMLDialogElement | null>; opens: number }) {
  const t = useT();
  useModalOpenings(dialogRef, opens);
  return (
    <dialog ref={dialogRef} className="help-dialog" aria-labelledby="help-title">
      <header>
        <h2 id="help-title">{t("help.title")}</h2>
        <form method="dialog">
          <button className="button ghost small" type="submit">
            {t("help.close")}
          </button>
        </form>
      </header>
      <dl>
        {SHORTCUTS.map(([keys, label]) => (
          <div key={label} style={{ display: "contents" }}>
            <dt>
              {keys.map((k, i) => (
                <span key={k}>
                  {i > 0 ? (k === "Enter" && keys[0] === "Ctrl" ? " + " : " / ") : null}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{t(label)}</dd>
          </div>
        ))}
      </dl>
    </dialog>
  );
}
