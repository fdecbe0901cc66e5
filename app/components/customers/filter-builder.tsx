import { useEffect, useMemo, useRef, useState } from "react";
import {
  ATTRIBUTE_FIELD_KIND,
  type CustomerEntity,
  type CustomerFilter,
  type FieldKind,
  type FilterCondition,
  type FilterNode,
  groupNodes,
  isGroup,
} from "~/common/filter-language.ts";
import { BUILTIN_FIELDS, OPERATORS, VALUELESS_OPS } from "~/common/filter-fields.ts";
import type { AttributeType } from "~/common/vocabulary.ts";
import { type MessageKey, useI18n } from "~/app/i18n/index.ts";
import { useChannels, useLocalized } from "~/app/lib/channels.tsx";
import "~/app/i18n/pages/customers.ts";

export interface AttributeDef {
  key: string;
  label: string;
  labelJa: string | null;
  type: string;
  options: string[];
}

type Draft = { field: string; op: string; value?: FilterCondition["value"] };

/** What a field is called and which kind of value it takes (attributes by their definition's type). */
function useFields(entity: CustomerEntity, attributes: AttributeDef[]) {
  const { t, locale } = useI18n();
  const builtin = Object.entries(BUILTIN_FIELDS[entity]).map(([field, kind]) => ({
    field,
    kind,
    label: t(`filter.field.${field}` as MessageKey),
    options: [] as string[],
  }));
  const custom = attributes.map((a) => ({
    field: `attribute.${a.key}`,
    kind: ATTRIBUTE_FIELD_KIND[a.type as AttributeType],
    label: (locale === "ja" && a.labelJa) || a.label,
    options: a.options,
  }));
  return [...builtin, ...custom];
}

const complete = (d: Draft) =>
  VALUELESS_OPS.has(d.op) || (d.value !== undefined && d.value !== "" && !(Array.isArray(d.value) && d.value.length === 0));

/**
 * The filter builder of the Customers page: add a condition (field → operator → a value input typed
 * by the field), match all or any. Nested groups of a filter written through the API are kept as they
 * are. Every complete change is handed to `onChange` (debounced), which puts the filter in the URL.
 */
export function FilterBuilder(props: {
  entity: CustomerEntity;
  filter: CustomerFilter;
  attributes: AttributeDef[];
  onChange: (filter: CustomerFilter) => void;
}) {
  const { t } = useI18n();
  const fields = useFields(props.entity, props.attributes);
  const [match, setMatch] = useState<"all" | "any">("any" in props.filter ? "any" : "all");
  const [drafts, setDrafts] = useState<Draft[]>(() => groupNodes(props.filter).filter((n): n is FilterCondition => !isGroup(n)));
  // The builder edits the top level; it is remounted (keyed) when another segment is opened.
  const nested = useMemo<FilterNode[]>(() => groupNodes(props.filter).filter(isGroup), [props.filter]);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  const sent = useRef(JSON.stringify(props.filter));

  useEffect(() => {
    const nodes: FilterNode[] = [...drafts.filter(complete).map((d) => ({ ...d }) as FilterCondition), ...nested];
    const next = (match === "all" ? { all: nodes } : { any: nodes }) as CustomerFilter;
    const json = JSON.stringify(next);
    if (json === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = json;
      onChange.current(next);
    }, 350);
    return () => clearTimeout(timer);
  }, [drafts, match, nested]);

  const update = (i: number, patch: Partial<Draft>) => setDrafts((all) => all.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const kindOf = (field: string) => fields.find((f) => f.field === field);

  return (
    <section className="card card-body filter-builder" aria-labelledby="filter-title">
      <div className="filter-head">
        <h2 id="filter-title">{t("filter.title")}</h2>
        <select aria-label={t("filter.title")} value={match} onChange={(e) => setMatch(e.target.value as "all" | "any")}>
          <option value="all">{t("filter.matchAll")}</option>
          <option value="any">{t("filter.matchAny")}</option>
        </select>
      </div>
      <ol className="filter-rows">
        {drafts.map((d, i) => {
          const field = kindOf(d.field);
          const kind = field?.kind ?? "text";
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity but their position
            <li key={i} className="filter-row">
              <select
                aria-label={t("filter.field")}
                value={d.field}
                onChange={(e) => {
                  const next = kindOf(e.target.value)?.kind ?? "text";
                  update(i, { field: e.target.value, op: OPERATORS[next][0], value: undefined });
                }}
              >
                {fields.map((f) => (
                  <option key={f.field} value={f.field}>
                    {f.label}
                  </option>
                ))}
              </select>
              <select aria-label={t("filter.operator")} value={d.op} onChange={(e) => update(i, { op: e.target.value, value: undefined })}>
                {OPERATORS[kind].map((op) => (
                  <option key={op} value={op}>
                    {t(`filter.op.${op}` as MessageKey)}
                  </option>
                ))}
              </select>
              {VALUELESS_OPS.has(d.op) ? null : (
                <ValueInput
                  kind={kind}
                  op={d.op}
                  options={field?.options ?? []}
                  value={d.value}
                  onChange={(value) => update(i, { value })}
                />
              )}
              <button
                type="button"
                className="button ghost small"
                aria-label={t("filter.remove")}
                title={t("filter.remove")}
                onClick={() => setDrafts((all) => all.filter((_, j) => j !== i))}
              >
                ×
              </button>
            </li>
          );
        })}
      </ol>
      {nested.length ? <p className="muted small">{t("filter.nested", { count: nested.length })}</p> : null}
      <div className="inline-form">
        <button
          type="button"
          className="button small"
          onClick={() => {
            const first = fields[0]!;
            setDrafts((all) => [...all, { field: first.field, op: OPERATORS[first.kind][0]! }]);
          }}
        >
          + {t("filter.add")}
        </button>
        {drafts.length ? (
          <button type="button" className="button ghost small" onClick={() => setDrafts([])}>
            {t("filter.clear")}
          </button>
        ) : null}
      </div>
    </section>
  );
}

export function ValueInput(props: {
  kind: FieldKind;
  op: string;
  options: string[];
  value: FilterCondition["value"];
  onChange: (value: FilterCondition["value"]) => void;
}) {
  const { t } = useI18n();
  const channels = useChannels();
  const localized = useLocalized();
  const label = t("filter.value");
  const text = typeof props.value === "string" || typeof props.value === "number" ? String(props.value) : "";
  if (props.kind === "number" || props.op === "within_days") {
    return (
      <input
        type="number"
        step={props.op === "within_days" ? 1 : "any"}
        aria-label={label}
        value={text}
        onChange={(e) => props.onChange(e.target.value === "" ? undefined : Number(e.target.value))}
      />
    );
  }
  if (props.kind === "date") {
    return <input type="date" aria-label={label} value={text} onChange={(e) => props.onChange(e.target.value || undefined)} />;
  }
  if (props.kind === "select" || props.kind === "channel") {
    const options =
      props.kind === "channel"
        ? [...new Map(channels.map((c) => [c.identityKind, localized(c.label)])).entries()]
        : props.options.map((o) => [o, o] as const);
    return (
      <select aria-label={label} value={text} onChange={(e) => props.onChange(e.target.value || undefined)}>
        <option value="" />
        {options.map(([value, name]) => (
          <option key={value} value={value}>
            {name}
          </option>
        ))}
      </select>
    );
  }
  if (props.kind === "multi") {
    const chosen = Array.isArray(props.value) ? props.value : [];
    return (
      <fieldset className="filter-options" aria-label={label}>
        {props.options.map((o) => (
          <label key={o} className="check">
            <input
              type="checkbox"
              checked={chosen.includes(o)}
              onChange={(e) => props.onChange(e.target.checked ? [...chosen, o] : chosen.filter((c) => c !== o))}
            />
            {o}
          </label>
        ))}
      </fieldset>
    );
  }
  if (props.kind === "tags") {
    return <TagsInput value={Array.isArray(props.value) ? props.value : []} onChange={props.onChange} />;
  }
  return <input type="text" aria-label={label} value={text} onChange={(e) => props.onChange(e.target.value)} />;
}

/** Tags as comma-separated text; the condition gets the list. */
function TagsInput(props: { value: string[]; onChange: (value: string[]) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState(props.value.join(", "));
  return (
    <input
      type="text"
      aria-label={t("filter.value")}
      placeholder={t("filter.tagsHint")}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        props.onChange(
          e.target.value
            .split(/[,、]/)
            .map((s) => s.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}
