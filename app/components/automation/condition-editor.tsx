import type { ReactNode } from "react";
import { type AttributeType, CONVERSATION_STATUSES, PRIORITIES } from "~/common/vocabulary.ts";
import { ATTRIBUTE_TYPE_OPERATORS, CONDITION_FIELDS, type ConditionField, FIELD_OPERATORS } from "~/common/automation-vocabulary.ts";
import type { RuleOptions } from "~/server/domain/automation/rule-options.ts";
import { type MessageKey, useT } from "~/app/i18n/index.ts";
import { useChannelLabel } from "~/app/lib/channels.tsx";
import { FieldError, type FieldErrors } from "./field-errors.tsx";
import { MultiPick, WordsInput } from "./pickers.tsx";
import { AttributePicker, AttributeValue } from "./attribute-fields.tsx";
import "~/app/i18n/pages/ops.ts";

/** A condition as the editor holds it: `{ field, op, values }`, or `{ field: "attribute", of, key, op, value }`. */
export type ConditionDraft = { field: ConditionField; op: string } & Record<string, unknown>;

function fresh(field: ConditionField, o: RuleOptions): ConditionDraft {
  const op = FIELD_OPERATORS[field][0];
  if (field === "business_hours") return { field, op };
  if (field === "attribute") {
    const a = o.attributes.find((x) => x.entity === "contact" || x.entity === "company");
    return {
      field,
      of: a?.entity ?? "contact",
      key: a?.key ?? "",
      op: a ? ATTRIBUTE_TYPE_OPERATORS[a.type as AttributeType][0] : "equals",
      value: "",
    };
  }
  return { field, op, values: [] };
}

interface ValueProps {
  c: ConditionDraft;
  set: (patch: Record<string, unknown>) => void;
  o: RuleOptions;
  errorId?: string;
}

const values = (c: ConditionDraft) => (c.values as (string | null)[]) ?? [];

/** The value picker of each field: the right list for ids and enums, free text for words. */
const VALUES: Record<Exclude<ConditionField, "business_hours" | "attribute">, (p: ValueProps) => ReactNode> = {
  channel: (p) => <ChannelPick {...p} />,
  inbox: ({ c, set, o, errorId }) => (
    <Pick c={c} set={set} errorId={errorId} items={o.inboxes.map((i) => ({ value: i.id, label: i.name }))} />
  ),
  department: (p) => <DepartmentPick {...p} />,
  status: (p) => <EnumPick {...p} prefix="status" all={CONVERSATION_STATUSES} />,
  priority: (p) => <EnumPick {...p} prefix="priority" all={PRIORITIES} />,
  assignee: (p) => <AssigneePick {...p} />,
  tags: ({ c, set, o, errorId }) => (
    <Words c={c} set={set} errorId={errorId} splitOnSpace suggestions={o.tags} placeholder="ops.param.tagsPlaceholder" />
  ),
  text: ({ c, set, errorId }) => <Words c={c} set={set} errorId={errorId} placeholder="ops.cond.wordsPlaceholder" />,
  sender: ({ c, set, errorId }) => <Words c={c} set={set} errorId={errorId} splitOnSpace placeholder="ops.cond.senderPlaceholder" />,
  segment: ({ c, set, o, errorId }) => (
    <Pick c={c} set={set} errorId={errorId} items={o.segments.map((s) => ({ value: s.id, label: s.name }))} />
  ),
};

/** The "If" part of a rule: condition rows, each field → operator → value. */
export function ConditionEditor(props: {
  conditions: ConditionDraft[];
  onChange: (conditions: ConditionDraft[]) => void;
  options: RuleOptions;
  errors: FieldErrors;
}) {
  const t = useT();
  const { conditions, onChange, options, errors } = props;
  const replace = (i: number, next: ConditionDraft) => onChange(conditions.map((c, j) => (j === i ? next : c)));
  return (
    <div className="rule-rows">
      {conditions.map((c, i) => {
        const path = `conditions.${i}`;
        const message = errors.at(path);
        const errorId = message ? `${path}-error` : undefined;
        const set = (patch: Record<string, unknown>) => replace(i, { ...c, ...patch });
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own; the index is their place.
          <div className="rule-row" key={i} data-condition-row={i}>
            <select
              aria-label={t("ops.cond.field")}
              value={c.field}
              onChange={(e) => replace(i, fresh(e.target.value as ConditionField, options))}
            >
              {CONDITION_FIELDS.map((f) => (
                <option
                  key={f}
                  value={f}
                  disabled={
                    (f === "attribute" && !options.attributes.some((a) => a.entity !== "conversation")) ||
                    (f === "segment" && options.segments.length === 0)
                  }
                >
                  {t(`ops.field.${f}` as MessageKey)}
                </option>
              ))}
            </select>
            {c.field === "attribute" ? (
              <AttributeCondition c={c} set={set} o={options} errorId={errorId} />
            ) : (
              <>
                <OpSelect ops={FIELD_OPERATORS[c.field]} value={c.op} onChange={(op) => set({ op })} />
                {c.field === "business_hours" ? null : (
                  <div className="rule-params">{VALUES[c.field]({ c, set, o: options, errorId })}</div>
                )}
              </>
            )}
            <button
              type="button"
              className="button ghost small"
              aria-label={t("ops.removeCondition", { n: i + 1 })}
              onClick={() => onChange(conditions.filter((_, j) => j !== i))}
            >
              ✕
            </button>
            <FieldError id={errorId ?? ""} message={message} />
          </div>
        );
      })}
      <div>
        <button type="button" className="button small" onClick={() => onChange([...conditions, fresh("text", options)])}>
          + {t("ops.addCondition")}
        </button>
      </div>
    </div>
  );
}

function OpSelect(props: { ops: readonly string[]; value: string; onChange: (op: string) => void }) {
  const t = useT();
  return (
    <select aria-label={t("ops.cond.op")} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
      {props.ops.map((op) => (
        <option key={op} value={op}>
          {t(`ops.op.${op}` as MessageKey)}
        </option>
      ))}
    </select>
  );
}

function Pick(props: { c: ConditionDraft; set: ValueProps["set"]; errorId?: string; items: { value: string | null; label: string }[] }) {
  const t = useT();
  return (
    <MultiPick
      label={t("ops.cond.values")}
      items={props.items}
      values={values(props.c)}
      onChange={(v) => props.set({ values: v })}
      errorId={props.errorId}
    />
  );
}

function ChannelPick({ c, set, o, errorId }: ValueProps) {
  const label = useChannelLabel();
  return <Pick c={c} set={set} errorId={errorId} items={o.channels.map((k) => ({ value: k, label: label(k) }))} />;
}

function DepartmentPick({ c, set, o, errorId }: ValueProps) {
  const t = useT();
  const items = [
    ...o.departments.map((d) => ({ value: d.id as string | null, label: d.name })),
    { value: null, label: t("ops.cond.noDepartment") },
  ];
  return <Pick c={c} set={set} errorId={errorId} items={items} />;
}

function AssigneePick({ c, set, o, errorId }: ValueProps) {
  const t = useT();
  const items = [
    ...o.agents.map((a) => ({ value: a.id as string | null, label: a.name })),
    { value: null, label: t("ops.cond.unassigned") },
  ];
  return <Pick c={c} set={set} errorId={errorId} items={items} />;
}

function EnumPick(props: ValueProps & { prefix: "status" | "priority"; all: readonly string[] }) {
  const t = useT();
  const items = props.all.map((v) => ({ value: v, label: t(`${props.prefix}.${v}` as MessageKey) }));
  return <Pick c={props.c} set={props.set} errorId={props.errorId} items={items} />;
}

function Words(props: {
  c: ConditionDraft;
  set: ValueProps["set"];
  errorId?: string;
  splitOnSpace?: boolean;
  suggestions?: string[];
  placeholder: MessageKey;
}) {
  const t = useT();
  return (
    <WordsInput
      label={t("ops.cond.values")}
      values={values(props.c).filter((v): v is string => v !== null)}
      onChange={(v) => props.set({ values: v })}
      splitOnSpace={props.splitOnSpace}
      suggestions={props.suggestions}
      placeholder={t(props.placeholder)}
      errorId={props.errorId}
    />
  );
}

/** Contact or company attribute → the operators its type takes → a value input of that type. */
function AttributeCondition({ c, set, o, errorId }: ValueProps) {
  const selected = o.attributes.find((a) => a.entity === c.of && a.key === c.key);
  const type = (selected?.type ?? "text") as AttributeType;
  const ops = ATTRIBUTE_TYPE_OPERATORS[type];
  const needsValue = c.op !== "is_set" && c.op !== "is_empty";
  return (
    <>
      <AttributePicker
        entities={["contact", "company"]}
        attributes={o.attributes}
        of={c.of}
        attributeKey={c.key}
        onPick={(a) => set({ of: a.entity, key: a.key, op: ATTRIBUTE_TYPE_OPERATORS[a.type as AttributeType][0], value: "" })}
      />
      <OpSelect
        ops={ops}
        value={c.op}
        onChange={(op) => set({ op, ...(op === "is_set" || op === "is_empty" ? { value: undefined } : {}) })}
      />
      {needsValue ? (
        <div className="rule-params">
          <AttributeValue
            type={type}
            options={selected?.options ?? []}
            value={c.value}
            onChange={(value) => set({ value })}
            errorId={errorId}
          />
        </div>
      ) : null}
    </>
  );
}
