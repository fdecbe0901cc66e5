import { useEffect, useState } from "react";
import { useFetcher } from "react-router";
import { type MessageKey, useI18n } from "~/app/i18n/index.ts";
import { FieldError, fieldError, parseFieldErrors } from "~/app/components/automation/field-errors.tsx";
import { EditorForm, NameField } from "~/app/components/automation/editor-form.tsx";
import "~/app/i18n/pages/ops.ts";
import "~/app/i18n/pages/admin.ts";

export interface HoursDraft {
  name: string;
  timezone: string;
  intervals: { day: number; start: string; end: string }[];
  holidays: string[];
  japaneseHolidays: boolean;
}

const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const ROOTS = new Set(["name", "timezone", "intervals", "holidays", "japaneseHolidays"]);
/** Every IANA zone the browser (or Node) knows, for the picker. */
const ZONES = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : ["Asia/Tokyo", "UTC"];

function emptyDraft(japanese: boolean): HoursDraft {
  const weekdays = [1, 2, 3, 4, 5].flatMap((day) => [
    { day, start: "09:00", end: "12:00" },
    { day, start: "13:00", end: "18:00" },
  ]);
  return { name: "", timezone: japanese ? "Asia/Tokyo" : "UTC", intervals: weekdays, holidays: [], japaneseHolidays: japanese };
}

/**
 * Named opening hours: an IANA time zone (Asia/Tokyo by default in Japanese), intervals per weekday
 * (a lunch break is two), closed dates and Japan's public holidays. The server's 400 names the field.
 */
export function BusinessHoursEditor(props: { id?: string; initial?: HoursDraft; onDone: () => void }) {
  const { t, locale } = useI18n();
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const [draft, setDraft] = useState<HoursDraft>(props.initial ?? emptyDraft(locale === "ja"));
  const [holiday, setHoliday] = useState("");
  const busy = fetcher.state !== "idle";
  const result = busy ? undefined : fetcher.data;
  const errors = parseFieldErrors(result && !result.ok ? result.error : undefined, (p) => ROOTS.has(p.split(".")[0]!));
  const { onDone } = props;
  useEffect(() => {
    if (result?.ok) onDone();
  }, [result, onDone]);
  const set = (patch: Partial<HoursDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const setInterval = (index: number, patch: Partial<HoursDraft["intervals"][number]>) =>
    set({ intervals: draft.intervals.map((iv, j) => (j === index ? { ...iv, ...patch } : iv)) });
  const zoneError = errors.only("timezone");
  return (
    <EditorForm
      title={props.id ? t("ops.hours.editTitle") : t("hours.new")}
      errors={errors}
      onSubmit={() => {
        const hours = { ...draft, intervals: [...draft.intervals].sort((a, b) => a.day - b.day || a.start.localeCompare(b.start)) };
        fetcher.submit({ intent: props.id ? "update" : "create", id: props.id ?? "", hours: JSON.stringify(hours) }, { method: "post" });
      }}
    >
      <div className="rule-top">
        <NameField
          label={t("hours.name")}
          value={draft.name}
          onChange={(name) => set({ name })}
          error={fieldError(errors, "hours", "name")}
        />
        <div className="field-group">
          <label className="field">
            {t("hours.timezone")}
            <select
              value={draft.timezone}
              onChange={(e) => set({ timezone: e.target.value })}
              aria-invalid={zoneError ? true : undefined}
              aria-describedby={zoneError ? "hours-timezone-error" : undefined}
            >
              {(ZONES.includes(draft.timezone) ? ZONES : [draft.timezone, ...ZONES]).map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </select>
          </label>
          <FieldError id="hours-timezone-error" message={zoneError} />
        </div>
      </div>

      <fieldset>
        <legend>{t("hours.intervals")}</legend>
        <FieldError id="hours-intervals-error" message={errors.only("intervals")} />
        {DAYS.map((day) => {
          const rows = draft.intervals.map((iv, index) => ({ iv, index })).filter((r) => r.iv.day === day);
          const dayName = t(`ops.hours.day.${day}` as MessageKey);
          return (
            <div className="rule-row hours-day" key={day} data-day={day}>
              <strong className="hours-day-name">{dayName}</strong>
              <div className="rule-params">
                {rows.length === 0 ? <span className="muted small">{t("ops.hours.closedDay")}</span> : null}
                {rows.map(({ iv, index }) => {
                  const message = errors.at(`intervals.${index}`);
                  return (
                    <div className="hours-interval" key={index}>
                      <input
                        type="time"
                        aria-label={t("ops.hours.start", { day: dayName })}
                        value={iv.start}
                        onChange={(e) => setInterval(index, { start: e.target.value })}
                      />
                      <span aria-hidden="true">–</span>
                      <input
                        type="time"
                        aria-label={t("ops.hours.end", { day: dayName })}
                        value={iv.end === "24:00" ? "23:59" : iv.end}
                        onChange={(e) => setInterval(index, { end: e.target.value })}
                        aria-invalid={message ? true : undefined}
                        aria-describedby={message ? `hours-interval-${index}-error` : undefined}
                      />
                      <button
                        type="button"
                        className="button ghost small"
                        aria-label={t("ops.hours.removeInterval", { day: dayName })}
                        onClick={() => set({ intervals: draft.intervals.filter((_, j) => j !== index) })}
                      >
                        ✕
                      </button>
                      <FieldError id={`hours-interval-${index}-error`} message={message} />
                    </div>
                  );
                })}
              </div>
              <button
                type="button"
                className="button small"
                aria-label={t("ops.hours.addIntervalTo", { day: dayName })}
                onClick={() => set({ intervals: [...draft.intervals, { day, start: "09:00", end: "18:00" }] })}
              >
                + {t("ops.hours.addInterval")}
              </button>
            </div>
          );
        })}
        <p className="muted small">{t("ops.hours.lunchHelp")}</p>
      </fieldset>

      <fieldset>
        <legend>{t("hours.holidays")}</legend>
        <label className="check">
          <input type="checkbox" checked={draft.japaneseHolidays} onChange={(e) => set({ japaneseHolidays: e.target.checked })} />{" "}
          {t("hours.japaneseHolidays")}
        </label>
        <div className="hours-interval">
          <input type="date" aria-label={t("ops.hours.holidayDate")} value={holiday} onChange={(e) => setHoliday(e.target.value)} />
          <button
            type="button"
            className="button small"
            disabled={!holiday}
            onClick={() => {
              if (!draft.holidays.includes(holiday)) set({ holidays: [...draft.holidays, holiday].sort() });
              setHoliday("");
            }}
          >
            + {t("ops.hours.addHoliday")}
          </button>
        </div>
        <ul className="chip-list" aria-label={t("hours.holidays")}>
          {draft.holidays.map((d, i) => (
            <li key={d} className="chip">
              {d}
              <button
                type="button"
                className="button ghost small"
                aria-label={t("ops.hours.removeHoliday", { date: d })}
                onClick={() => set({ holidays: draft.holidays.filter((x) => x !== d) })}
              >
                ✕
              </button>
              <FieldError id={`hours-holiday-${i}-error`} message={errors.at(`holidays.${i}`)} />
            </li>
          ))}
        </ul>
      </fieldset>

      <div className="rule-buttons">
        <button className="button primary" type="submit" disabled={busy}>
          {t("ops.save")}
        </button>
        <button className="button ghost" type="button" onClick={props.onDone}>
          {t("ops.cancel")}
        </button>
      </div>
    </EditorForm>
  );
}
