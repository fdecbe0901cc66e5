import { lazy, Suspense, useRef, useState } from "react";
import { useI18n } from "~/app/i18n/index.ts";
import type { AttributeDefinition, AttributeValue as Value } from "./attribute-definition.ts";

// The editor's code loads when a value is first clicked.
const AttributeEditor = lazy(() => import("./attribute-editor.tsx").then((m) => ({ default: m.AttributeEditor })));

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
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    props.onEdit(false);
    requestAnimationFrame(() => opener.current?.focus());
  };
  const shown = display(props.value, t("filter.yes"), t("filter.no"));

  return (
    <>
      <dt id={`attr-${d.key}`}>{label}</dt>
      <dd>
        {props.editing ? (
          <Suspense fallback={<span className="muted">{shown}</span>}>
            <AttributeEditor
              definition={d}
              label={label}
              value={props.value}
              action={props.action}
              onSaved={() => props.onEdit(false)}
              onCancel={close}
            />
          </Suspense>
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
