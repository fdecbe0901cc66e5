import { useEffect, useRef, useState } from "react";
import { useFetcher } from "react-router";
import { useI18n } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/inbox-tools.ts";
import type { AttributeDefinition, AttributeValue as Value } from "./attribute-definition.ts";

/**
 * One attribute's value being edited: an input of its type; Enter or Save sends it through the page's
 * action (`action`, default the current route), Escape or Cancel closes, and the server's 400 is shown
 * under the input.
 */
export function AttributeEditor(props: {
  definition: AttributeDefinition;
  label: string;
  value: Value | undefined;
  action?: string;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const d = props.definition;
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const [draft, setDraft] = useState<Value | undefined>(props.value);
  const busy = fetcher.state !== "idle";
  const { onSaved } = props;
  // Close once per successful save.
  const handled = useRef<unknown>(null);
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data?.ok || handled.current === fetcher.data) return;
    handled.current = fetcher.data;
    onSaved();
  }, [fetcher.state, fetcher.data, onSaved]);

  const submit = (value: Value | undefined) =>
    fetcher.submit(
      { intent: "attribute", key: d.key, value: JSON.stringify(value === undefined || value === "" ? null : value) },
      { method: "post", action: props.action },
    );

  return (
    <form
      className="form-stack"
      onSubmit={(e) => {
        e.preventDefault();
        submit(draft);
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") props.onCancel();
      }}
    >
      <AttributeInput definition={d} label={props.label} value={draft} onChange={setDraft} />
      <div className="inline-form">
        <button type="submit" className="button primary small" disabled={busy}>
          {t("attributes.save")}
        </button>
        <button type="button" className="button ghost small" onClick={props.onCancel}>
          {t("attributes.cancel")}
        </button>
        {props.value !== undefined ? (
          <button type="button" className="button ghost small" disabled={busy} onClick={() => submit(undefined)}>
            {t("attributes.clear")}
          </button>
        ) : null}
      </div>
      {!busy && fetcher.data && !fetcher.data.ok ? (
        <div className="alert error" role="alert">
          {fetcher.data.error}
        </div>
      ) : null}
    </form>
  );
}

/** The input of an attribute's type. URLs are plain text so the server's message, not the browser's, explains a wrong one. */
function AttributeInput(props: { definition: AttributeDefinition; label: string; value: Value | undefined; onChange: (v: Value) => void }) {
  const { t } = useI18n();
  const { type, options } = props.definition;
  const text = props.value === undefined || Array.isArray(props.value) ? "" : String(props.value);
  const common = { "aria-label": props.label, autoFocus: true };
  if (type === "checkbox") {
    return (
      <label className="check">
        <input type="checkbox" {...common} checked={props.value === true} onChange={(e) => props.onChange(e.target.checked)} />
        {t("filter.yes")}
      </label>
    );
  }
  if (type === "single_select") {
    return (
      <select {...common} value={text} onChange={(e) => props.onChange(e.target.value)}>
        <option value="" />
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    );
  }
  if (type === "multi_select") {
    const chosen = Array.isArray(props.value) ? props.value : [];
    return (
      <fieldset aria-label={props.label}>
        {options.map((o, i) => (
          <label key={o} className="check">
            <input
              type="checkbox"
              autoFocus={i === 0}
              checked={chosen.includes(o)}
              onChange={(e) => props.onChange(e.target.checked ? [...chosen, o] : chosen.filter((c) => c !== o))}
            />
            {o}
          </label>
        ))}
      </fieldset>
    );
  }
  return (
    <input
      type={type === "date" ? "date" : type === "number" ? "number" : "text"}
      step={type === "number" ? "any" : undefined}
      inputMode={type === "url" ? "url" : undefined}
      {...common}
      value={text}
      onChange={(e) => props.onChange(e.target.value)}
    />
  );
}
