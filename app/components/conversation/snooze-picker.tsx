import { useEffect, useRef, useState } from "react";
import { useI18n } from "~/app/i18n/index.ts";
import { fullDateTime } from "~/app/lib/format.ts";
import "~/app/i18n/pages/inbox-tools.ts";

/** "2026-12-03T09:00" for a datetime-local input: the local wall-clock time of `d`. */
function localInputValue(d: Date) {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function tomorrowNine() {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  d.setHours(9, 0, 0, 0);
  return d;
}

/**
 * Snooze to any date and time in the agent's own time zone (the browser's, named in the label), with
 * the choice read back in the UI's language (Japanese dates under ja), or until the customer replies.
 * `onPick` gets an ISO time, or "customer-reply".
 */
export function SnoozePicker({ open, onClose, onPick }: { open: boolean; onClose: () => void; onPick: (until: string) => void }) {
  const { t, locale } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [value, setValue] = useState(() => localInputValue(tomorrowNine()));
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) {
      setValue(localInputValue(tomorrowNine()));
      el.showModal();
    }
    if (!open && el.open) el.close();
  }, [open]);
  // A datetime-local value has no zone: the browser reads it as local time, the agent's zone.
  const at = value ? new Date(value) : null;
  const valid = at !== null && !Number.isNaN(at.getTime()) && at.getTime() > Date.now();
  const pick = (until: string) => {
    onPick(until);
    onClose();
  };
  return (
    <dialog ref={dialog} className="dialog snooze-dialog" aria-labelledby="snooze-title" onClose={onClose}>
      <form
        method="dialog"
        className="form-stack snooze-picker"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) pick(at.toISOString());
        }}
      >
        <h2 id="snooze-title">{t("snooze.title")}</h2>
        <label className="field">
          {t("snooze.at", { zone })}
          <input
            type="datetime-local"
            name="snoozeAt"
            value={value}
            min={localInputValue(new Date())}
            onChange={(e) => setValue(e.target.value)}
            required
          />
        </label>
        <output className="muted small" aria-live="polite">
          {valid ? fullDateTime(at.toISOString(), locale) : t("snooze.past")}
        </output>
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t("snooze.cancel")}
          </button>
          <button type="button" className="button" onClick={() => pick("customer-reply")}>
            {t("snooze.untilReply")}
          </button>
          <button type="submit" className="button primary" disabled={!valid}>
            {t("snooze.confirm")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
