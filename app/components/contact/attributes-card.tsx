import { useEffect, useRef, useState } from "react";
import { useFetcher } from "react-router";
import { useI18n } from "~/app/i18n/index.ts";

export interface AttributeDefinition {
  key: string;
  label: string;
  labelJa: string | null;
  type: string;
  options: string[];
}
type Value = string | number | boolean | string[];

/**
 * Custom attributes of a customer or company, edited in place (issue 14): click (or Enter) on a
 * value to edit it with an input of its type; Enter or Save sends it through the page's action
 * (`action`, default the current route) to the same PATCH flow as the API, Escape cancels, and the
 * server's 400 ("attribute seats (Seats): expects a number") is shown under the input.
 */
export function AttributesCard(props: {
  definitions: AttributeDefinition[];
  values: Record<string, unknown>;
  action?: string;
  /** The customer panel shows it as one of its sections. */
  className?: string;
}) {
  const { t } = useI18n();
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section className={props.className ?? "card card-body"} aria-labelledby="attributes-title">
      <h3 id="attributes-title" className={props.className ? undefined : "muted"} style={{ marginBottom: 8 }}>
        {t("attributes.title")}
      </h3>
      {props.definitions.length === 0 ? <span className="muted small">{t("attributes.none")}</span> : null}
      <dl className="attribute-list">
        {props.definitions.map((d) => (
          <AttributeRow
            key={d.key}
            definition={d}
            value={props.values[d.key] as Value | undefined}
            action={props.action}
            editing={editing === d.key}
            onEdit={(on) => setEditing(on ? d.key : null)}
          />
        ))}
      </dl>
    </section>
  );
}

const display = (v: Value | undefined, yes: string, no: string) =>
  v === undefined ? null : Array.isArray(v) ? v.join(", ") : typeof v === "boolean" ? (v ? yes : no) : String(v);

function AttributeRow(props: {
  definition: AttributeDefinition;
  value: Value | undefined;
  action?: string;
  editing: boolean;
  onEdit: (on: boolean) => void;
}) {
  const { t, locale } = useI18n();
  const d = props.definition;
  const label = (locale === "ja" && d.labelJa) || d.label;
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const [draft, setDraft] = useState<Value | undefined>(props.value);
  const opener = useRef<HTMLButtonElement>(null);
  const busy = fetcher.state !== "idle";
  const { onEdit } = props;
  // Close once per successful save (not again when another row opens).
  const handled = useRef<unknown>(null);

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data?.ok || handled.current === fetcher.data) return;
    handled.current = fetcher.data;
    onEdit(false);
  }, [fetcher.state, fetcher.data, onEdit]);
  useEffect(() => {
    if (!props.editing) setDraft(props.value);
  }, [props.editing, props.value]);

  const close = () => {
    props.onEdit(false);
    requestAnimationFrame(() => opener.current?.focus());
  };
  const submit = (value: Value | undefined) =>
    fetcher.submit(
      { intent: "attribute", key: d.key, value: JSON.stringify(value === undefined || value === "" ? null : value) },
      { method: "post", action: props.action },
    );
  const shown = display(props.value, t("filter.yes"), t("filter.no"));

  return (
    <>
      <dt id={`attr-${d.key}`}>{label}</dt>
      <dd>
        {props.editing ? (
          <form
            className="form-stack"
            onSubmit={(e) => {
              e.preventDefault();
              submit(draft);
            }}
            onKeyDown={(e) => {
              if (e.key === "Escape") close();
            }}
          >
            <AttributeInput definition={d} label={label} value={draft} onChange={setDraft} />
            <div className="inline-form">
              <button type="submit" className="button primary small" disabled={busy}>
                {t("attributes.save")}
              </button>
              <button type="button" className="button ghost small" onClick={close}>
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
        ) : (
          <button
            ref={opener}
            type="button"
            className="attribute-value"
            aria-label={t("attributes.edit", { label })}
            aria-describedby={`attr-${d.key}`}
            onClick={() => props.onEdit(true)}
          >
            {shown ?? <span className="muted">{t("attributes.empty")}</span>}
          </button>
        )}
      </dd>
    </>
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

/** The route action's side: the one attribute a form sent, as a PATCH `{ attributes }` takes it. */
export function attributePatch(form: FormData): Record<string, unknown> {
  let value: unknown = null;
  try {
    value = JSON.parse(String(form.get("value") ?? "null"));
  } catch {
    // an unreadable value is sent on as text, for validation to name
    value = String(form.get("value"));
  }
  return { [String(form.get("key") ?? "")]: value };
}
