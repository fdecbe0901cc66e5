import type { AttributeEntity, AttributeType } from "~/common/vocabulary.ts";
import type { RuleOptions } from "~/server/domain/automation/rule-options.ts";
import { useI18n, useT } from "~/app/i18n/index.ts";
import { MultiPick } from "./pickers.tsx";
import "~/app/i18n/pages/ops.ts";
import "~/app/i18n/pages/admin.ts";

type Attribute = RuleOptions["attributes"][number];

/** A custom attribute of one of the entities, grouped by entity: the attribute condition's and the set-attribute action's. */
export function AttributePicker(props: {
  entities: readonly AttributeEntity[];
  attributes: Attribute[];
  of: unknown;
  attributeKey: unknown;
  onPick: (a: Attribute) => void;
}) {
  const t = useT();
  const { locale } = useI18n();
  const label = (a: Attribute) => (locale === "ja" && a.labelJa ? a.labelJa : a.label);
  return (
    <select
      aria-label={t("ops.cond.attribute")}
      value={`${props.of}:${props.attributeKey}`}
      onChange={(e) => {
        const a = props.attributes.find((x) => `${x.entity}:${x.key}` === e.target.value);
        if (a) props.onPick(a);
      }}
    >
      {props.entities.map((entity) => (
        <optgroup key={entity} label={t(`ops.cond.of.${entity}`)}>
          {props.attributes
            .filter((a) => a.entity === entity)
            .map((a) => (
              <option key={a.key} value={`${a.entity}:${a.key}`}>
                {label(a)}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}

/**
 * A value input of the attribute's type. A condition compares a multi-select with one option; an
 * action (`multiple`) sets a list of them.
 */
export function AttributeValue(props: {
  type: AttributeType;
  options: string[];
  value: unknown;
  onChange: (v: unknown) => void;
  errorId?: string;
  multiple?: boolean;
}) {
  const t = useT();
  const common = { "aria-label": t("ops.cond.value"), "aria-invalid": props.errorId ? true : undefined, "aria-describedby": props.errorId };
  if (props.type === "multi_select" && props.multiple) {
    return (
      <MultiPick
        label={t("ops.cond.value")}
        items={props.options.map((v) => ({ value: v, label: v }))}
        values={Array.isArray(props.value) ? (props.value as string[]) : []}
        onChange={props.onChange}
        errorId={props.errorId}
      />
    );
  }
  if (props.type === "single_select" || props.type === "multi_select") {
    return (
      <select {...common} value={String(props.value ?? "")} onChange={(e) => props.onChange(e.target.value)}>
        <option value="" disabled>
          {t("ops.choose")}
        </option>
        {props.options.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    );
  }
  if (props.type === "checkbox") {
    return (
      <select
        {...common}
        value={String(props.value === true || props.value === "true")}
        onChange={(e) => props.onChange(e.target.value === "true")}
      >
        <option value="true">{t("ops.cond.yes")}</option>
        <option value="false">{t("ops.cond.no")}</option>
      </select>
    );
  }
  const inputType = props.type === "number" ? "number" : props.type === "date" ? "date" : "text";
  return <input {...common} type={inputType} value={String(props.value ?? "")} onChange={(e) => props.onChange(e.target.value)} />;
}
