import { useEffect, useState } from "react";
import { useFetcher } from "react-router";
import {
  AUTOMATION_EVENTS,
  type AutomationEvent,
  isTimeAutomationEvent,
  RULE_MATCHES,
  type RuleMatch,
} from "~/common/automation-vocabulary.ts";
import type { RuleOptions } from "~/server/domain/automation/rule-options.ts";
import { type MessageKey, useT } from "~/app/i18n/index.ts";
import { type ActionDraft, ActionEditor } from "./action-editor.tsx";
import { type ConditionDraft, ConditionEditor } from "./condition-editor.tsx";
import { FieldError, fieldError, parseFieldErrors } from "./field-errors.tsx";
import { EditorForm, NameField } from "./editor-form.tsx";
import "~/app/i18n/pages/ops.ts";

export interface RuleDraft {
  name: string;
  enabled: boolean;
  event: AutomationEvent;
  minutes: number | null;
  businessHoursOnly: boolean;
  match: RuleMatch;
  conditions: ConditionDraft[];
  actions: ActionDraft[];
}

const EMPTY: RuleDraft = {
  name: "",
  enabled: true,
  event: "customer_message",
  minutes: null,
  businessHoursOnly: false,
  match: "all",
  conditions: [],
  actions: [{ type: "add_tags", tags: [] }],
};
const ROOTS = new Set(["name", "enabled", "event", "minutes", "businessHoursOnly", "match", "conditions", "actions"]);

/**
 * A rule as a non-developer reads it: When (an event; time-based ones take N minutes and "business
 * hours only"), If (all / any of the conditions), Then (the actions). The server's 400 names the bad
 * field; its message shows next to that field.
 */
export function RuleEditor(props: { id?: string; initial?: RuleDraft; options: RuleOptions; onDone: () => void }) {
  const t = useT();
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const [draft, setDraft] = useState<RuleDraft>(props.initial ?? EMPTY);
  const set = (patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const busy = fetcher.state !== "idle";
  const result = busy ? undefined : fetcher.data;
  const errors = parseFieldErrors(result && !result.ok ? result.error : undefined, (p) => ROOTS.has(p.split(".")[0]!));
  const timed = isTimeAutomationEvent(draft.event);
  const { onDone } = props;
  useEffect(() => {
    if (result?.ok) onDone();
  }, [result, onDone]);

  const save = () => {
    const rule = { ...draft, minutes: timed ? draft.minutes : null, businessHoursOnly: timed && draft.businessHoursOnly };
    fetcher.submit({ intent: props.id ? "update" : "create", id: props.id ?? "", rule: JSON.stringify(rule) }, { method: "post" });
  };
  const err = (path: string) => fieldError(errors, "rule", path);
  const name = err("name");
  const event = err("event");
  const minutes = err("minutes");
  const hoursOnly = err("businessHoursOnly");
  return (
    <EditorForm title={props.id ? t("ops.rules.editTitle") : t("ops.rules.new")} errors={errors} onSubmit={save}>
      <div className="rule-top">
        <NameField label={t("ops.rules.name")} value={draft.name} onChange={(name) => set({ name })} error={name} />
        <label className="check">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> {t("ops.rules.enabled")}
        </label>
      </div>

      <fieldset>
        <legend>{t("ops.rules.when")}</legend>
        <div className="rule-row">
          <select
            aria-label={t("ops.rules.event")}
            value={draft.event}
            onChange={(e) => {
              const next = e.target.value as AutomationEvent;
              set({ event: next, minutes: isTimeAutomationEvent(next) ? (draft.minutes ?? 60) : null });
            }}
            aria-invalid={event.id ? true : undefined}
            aria-describedby={event.id}
          >
            {AUTOMATION_EVENTS.map((ev) => (
              <option key={ev} value={ev}>
                {t(`ops.event.${ev}` as MessageKey)}
              </option>
            ))}
          </select>
          {timed ? (
            <>
              <label className="inline-field">
                <input
                  type="number"
                  min={1}
                  max={43200}
                  value={draft.minutes ?? ""}
                  onChange={(e) => set({ minutes: e.target.value ? Number(e.target.value) : null })}
                  aria-label={t("ops.rules.minutes")}
                  aria-invalid={minutes.id ? true : undefined}
                  aria-describedby={minutes.id}
                />{" "}
                {t("ops.rules.minutesUnit")}
              </label>
              <label className="check">
                <input type="checkbox" checked={draft.businessHoursOnly} onChange={(e) => set({ businessHoursOnly: e.target.checked })} />{" "}
                {t("ops.rules.businessHoursOnly")}
              </label>
            </>
          ) : null}
          <FieldError id={event.id ?? ""} message={event.message} />
          <FieldError id={minutes.id ?? ""} message={minutes.message} />
          <FieldError id={hoursOnly.id ?? ""} message={hoursOnly.message} />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("ops.rules.if")}</legend>
        <div className="rule-row" role="radiogroup" aria-label={t("ops.rules.match")}>
          {RULE_MATCHES.map((m) => (
            <label key={m} className="check">
              <input type="radio" name="match" value={m} checked={draft.match === m} onChange={() => set({ match: m })} />{" "}
              {t(`ops.rules.match.${m}`)}
            </label>
          ))}
        </div>
        {draft.conditions.length === 0 ? <p className="muted small">{t("ops.rules.noConditions")}</p> : null}
        <ConditionEditor
          conditions={draft.conditions}
          onChange={(conditions) => set({ conditions })}
          options={props.options}
          errors={errors}
        />
      </fieldset>

      <fieldset>
        <legend>{t("ops.rules.then")}</legend>
        <ActionEditor actions={draft.actions} onChange={(actions) => set({ actions })} options={props.options} errors={errors} />
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
