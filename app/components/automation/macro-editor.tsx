import { useEffect, useState } from "react";
import { useFetcher } from "react-router";
import type { RuleOptions } from "~/server/domain/automation/rule-options.ts";
import { useT } from "~/app/i18n/index.ts";
import { type ActionDraft, ActionEditor } from "./action-editor.tsx";
import { FieldError, fieldError, parseFieldErrors } from "./field-errors.tsx";
import { EditorForm, NameField } from "./editor-form.tsx";
import "~/app/i18n/pages/ops.ts";

export interface MacroDraft {
  name: string;
  shortcut: string | null;
  actions: ActionDraft[];
}

const EMPTY: MacroDraft = { name: "", shortcut: null, actions: [{ type: "add_tags", tags: [] }] };
const ROOTS = new Set(["name", "shortcut", "actions"]);

/** A macro: a name, an optional Alt+key shortcut and the same action editor as rules. */
export function MacroEditor(props: { id?: string; initial?: MacroDraft; options: RuleOptions; onDone: () => void }) {
  const t = useT();
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const [draft, setDraft] = useState<MacroDraft>(props.initial ?? EMPTY);
  const busy = fetcher.state !== "idle";
  const result = busy ? undefined : fetcher.data;
  const errors = parseFieldErrors(result && !result.ok ? result.error : undefined, (p) => ROOTS.has(p.split(".")[0]!));
  const { onDone } = props;
  useEffect(() => {
    if (result?.ok) onDone();
  }, [result, onDone]);
  const field = (path: string) => fieldError(errors, "macro", path);
  const name = field("name");
  const shortcut = field("shortcut");
  return (
    <EditorForm
      title={props.id ? t("ops.macros.editTitle") : t("ops.macros.new")}
      errors={errors}
      onSubmit={() => {
        fetcher.submit({ intent: props.id ? "update" : "create", id: props.id ?? "", macro: JSON.stringify(draft) }, { method: "post" });
      }}
    >
      <div className="rule-top">
        <NameField label={t("ops.macros.name")} value={draft.name} onChange={(name) => setDraft({ ...draft, name })} error={name} />
        <div className="field-group" style={{ flex: "none", width: 200 }}>
          <label className="field">
            {t("ops.macros.shortcut")}
            <input
              type="text"
              value={draft.shortcut ?? ""}
              maxLength={1}
              placeholder="r"
              onChange={(e) => setDraft({ ...draft, shortcut: e.target.value || null })}
              aria-invalid={shortcut.id ? true : undefined}
              aria-describedby={shortcut.id ?? "macro-shortcut-help"}
            />
            <span className="muted small" id="macro-shortcut-help">
              {t("ops.macros.shortcutHelp")}
            </span>
          </label>
          <FieldError id={shortcut.id ?? ""} message={shortcut.message} />
        </div>
      </div>
      <fieldset>
        <legend>{t("ops.macros.actions")}</legend>
        <ActionEditor
          actions={draft.actions}
          onChange={(actions) => setDraft({ ...draft, actions })}
          options={props.options}
          errors={errors}
        />
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
