import type { ReactNode } from "react";
import { ATTRIBUTE_ENTITIES, type AttributeType, PRIORITIES } from "~/common/vocabulary.ts";
import { ACTION_TYPES, type ActionType } from "~/common/automation-vocabulary.ts";
import type { RuleOptions } from "~/server/domain/automation/rule-options.ts";
import { type MessageKey, useT } from "~/app/i18n/index.ts";
import { FieldError, type FieldErrors } from "./field-errors.tsx";
import { MultiPick, NamedSelect, WordsInput } from "./pickers.tsx";
import { AttributePicker, AttributeValue } from "./attribute-fields.tsx";
import "~/app/i18n/pages/ops.ts";
import "~/app/i18n/pages/admin.ts";

/** An action as the editor holds it: its type and its parameters, sent as is (the server validates). */
export type ActionDraft = { type: ActionType } & Record<string, unknown>;
type Options = Pick<RuleOptions, "agents" | "departments" | "canned" | "webhooks" | "tags" | "attributes">;

const SETTABLE_STATUSES = ["open", "pending", "resolved", "closed"] as const;

/** What a new action of a type starts with. */
function fresh(type: ActionType, o: Options): ActionDraft {
  const first = (items: { id: string }[]) => items[0]?.id ?? "";
  const defaults: Partial<Record<ActionType, Record<string, unknown>>> = {
    assign_agent: { userId: first(o.agents) },
    assign_department: { departmentId: first(o.departments) },
    set_status: { status: "resolved" },
    set_priority: { priority: "high" },
    add_tags: { tags: [] },
    remove_tags: { tags: [] },
    add_note: { text: "" },
    send_canned: { cannedResponseId: first(o.canned) },
    notify_agents: { assignee: true, department: false, userIds: [] },
    call_webhook: { webhookId: first(o.webhooks.filter((w) => w.enabled)) },
    set_attribute: { of: o.attributes[0]?.entity ?? "contact", key: o.attributes[0]?.key ?? "", value: null },
  };
  return { type, ...defaults[type] };
}

interface ParamProps {
  action: ActionDraft;
  set: (patch: Record<string, unknown>) => void;
  options: Options;
  error: (field: string) => { id?: string; message?: string };
}

/** The typed parameters of each action; an action without parameters (auto-assign) has no entry. */
const PARAMS: Partial<Record<ActionType, (p: ParamProps) => ReactNode>> = {
  assign_agent: ({ action, set, options, error }) => (
    <Picker
      label="ops.param.agent"
      value={action.userId}
      items={options.agents}
      onChange={(userId) => set({ userId })}
      error={error("userId")}
    />
  ),
  assign_department: ({ action, set, options, error }) => (
    <Picker
      label="ops.param.department"
      value={action.departmentId}
      items={options.departments}
      onChange={(departmentId) => set({ departmentId })}
      error={error("departmentId")}
    />
  ),
  set_status: ({ action, set }) => (
    <EnumSelect
      label="ops.param.status"
      value={action.status}
      values={SETTABLE_STATUSES}
      prefix="status"
      onChange={(status) => set({ status })}
    />
  ),
  set_priority: ({ action, set }) => (
    <EnumSelect
      label="ops.param.priority"
      value={action.priority}
      values={PRIORITIES}
      prefix="priority"
      onChange={(priority) => set({ priority })}
    />
  ),
  add_tags: (p) => <TagsParam {...p} />,
  remove_tags: (p) => <TagsParam {...p} />,
  add_note: ({ action, set, error }) => (
    <NoteParam text={String(action.text ?? "")} onChange={(text) => set({ text })} error={error("text")} />
  ),
  send_canned: ({ action, set, options, error }) => (
    <Picker
      label="ops.param.canned"
      value={action.cannedResponseId}
      items={options.canned}
      onChange={(cannedResponseId) => set({ cannedResponseId })}
      error={error("cannedResponseId")}
    />
  ),
  notify_agents: (p) => <NotifyParam {...p} />,
  call_webhook: ({ action, set, options, error }) => (
    <Picker
      label="ops.param.webhook"
      value={action.webhookId}
      items={options.webhooks.filter((w) => w.enabled || w.id === action.webhookId)}
      onChange={(webhookId) => set({ webhookId })}
      error={error("webhookId")}
    />
  ),
  set_attribute: (p) => <SetAttributeParam {...p} />,
};

/**
 * The "Then" part of a rule and the whole of a macro: a list of typed actions (issue 12). Rules and
 * macros share this editor and the server's one action schema.
 */
export function ActionEditor(props: {
  actions: ActionDraft[];
  onChange: (actions: ActionDraft[]) => void;
  options: Options;
  errors: FieldErrors;
  /** Action types this editor offers (all by default). */
  types?: readonly ActionType[];
}) {
  const t = useT();
  const { actions, onChange, options, errors } = props;
  const replace = (i: number, next: ActionDraft) => onChange(actions.map((a, j) => (j === i ? next : a)));
  return (
    <div className="rule-rows">
      {actions.map((action, i) => {
        const path = `actions.${i}`;
        const error = (field: string) => {
          const message = errors.at(`${path}.${field}`);
          return message ? { id: `${path}.${field}-error`, message } : {};
        };
        const params = PARAMS[action.type];
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own; the index is their place.
          <div className="rule-row" key={i} data-action-row={i}>
            <select
              aria-label={t("ops.actionType")}
              value={action.type}
              onChange={(e) => replace(i, fresh(e.target.value as ActionType, options))}
            >
              {(props.types ?? ACTION_TYPES).map((type) => (
                <option key={type} value={type}>
                  {t(`ops.action.${type}` as MessageKey)}
                </option>
              ))}
            </select>
            <div className="rule-params">{params?.({ action, set: (patch) => replace(i, { ...action, ...patch }), options, error })}</div>
            <button
              type="button"
              className="button ghost small"
              aria-label={t("ops.removeAction", { n: i + 1 })}
              onClick={() => onChange(actions.filter((_, j) => j !== i))}
            >
              ✕
            </button>
            <FieldError id={`${path}-error`} message={errors.only(path)} />
          </div>
        );
      })}
      <FieldError id="actions-error" message={errors.only("actions")} />
      <div>
        <button type="button" className="button small" onClick={() => onChange([...actions, fresh("add_tags", options)])}>
          + {t("ops.addAction")}
        </button>
      </div>
    </div>
  );
}

/** Which attribute of the conversation, its contact or company, and its new value (empty clears it). */
function SetAttributeParam({ action, set, options, error }: ParamProps) {
  const selected = options.attributes.find((a) => a.entity === action.of && a.key === action.key);
  const problem = error("value");
  return (
    <>
      <AttributePicker
        entities={ATTRIBUTE_ENTITIES}
        attributes={options.attributes}
        of={action.of}
        attributeKey={action.key}
        onPick={(a) => set({ of: a.entity, key: a.key, value: null })}
      />
      <AttributeValue
        type={(selected?.type ?? "text") as AttributeType}
        options={selected?.options ?? []}
        value={action.value}
        onChange={(value) => set({ value: value === "" || (Array.isArray(value) && value.length === 0) ? null : value })}
        errorId={problem.id}
        multiple
      />
      <FieldError id={problem.id ?? ""} message={problem.message} />
      <FieldError id={error("key").id ?? ""} message={error("key").message} />
    </>
  );
}

function Picker(props: {
  label: MessageKey;
  value: unknown;
  items: { id: string; name: string }[];
  onChange: (id: string) => void;
  error: { id?: string; message?: string };
}) {
  const t = useT();
  return (
    <>
      <NamedSelect
        label={t(props.label)}
        value={String(props.value ?? "")}
        items={props.items}
        onChange={props.onChange}
        errorId={props.error.id}
      />
      <FieldError id={props.error.id ?? ""} message={props.error.message} />
    </>
  );
}

function EnumSelect<V extends string>(props: {
  label: MessageKey;
  value: unknown;
  values: readonly V[];
  prefix: "status" | "priority";
  onChange: (v: V) => void;
}) {
  const t = useT();
  return (
    <select aria-label={t(props.label)} value={String(props.value)} onChange={(e) => props.onChange(e.target.value as V)}>
      {props.values.map((v) => (
        <option key={v} value={v}>
          {t(`${props.prefix}.${v}` as MessageKey)}
        </option>
      ))}
    </select>
  );
}

function TagsParam({ action, set, options, error }: ParamProps) {
  const t = useT();
  const e = error("tags");
  return (
    <>
      <WordsInput
        label={t("ops.param.tags")}
        values={(action.tags as string[]) ?? []}
        onChange={(tags) => set({ tags })}
        splitOnSpace
        suggestions={options.tags}
        placeholder={t("ops.param.tagsPlaceholder")}
        errorId={e.id}
      />
      <FieldError id={e.id ?? ""} message={e.message} />
    </>
  );
}

function NoteParam(props: { text: string; onChange: (text: string) => void; error: { id?: string; message?: string } }) {
  const t = useT();
  return (
    <>
      <textarea
        aria-label={t("ops.param.note")}
        rows={2}
        value={props.text}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.error.id ? true : undefined}
        aria-describedby={props.error.id}
      />
      <FieldError id={props.error.id ?? ""} message={props.error.message} />
    </>
  );
}

function NotifyParam({ action, set, options, error }: ParamProps) {
  const t = useT();
  const e = error("userIds");
  return (
    <div className="form-stack" style={{ gap: 6 }}>
      <label className="check">
        <input type="checkbox" checked={action.assignee === true} onChange={(ev) => set({ assignee: ev.target.checked })} />{" "}
        {t("ops.param.notifyAssignee")}
      </label>
      <label className="check">
        <input type="checkbox" checked={action.department === true} onChange={(ev) => set({ department: ev.target.checked })} />{" "}
        {t("ops.param.notifyDepartment")}
      </label>
      <MultiPick
        label={t("ops.param.notifyAgents")}
        items={options.agents.map((a) => ({ value: a.id, label: a.name }))}
        values={(action.userIds as string[]) ?? []}
        onChange={(userIds) => set({ userIds })}
        errorId={e.id}
      />
      <FieldError id={e.id ?? ""} message={e.message} />
    </div>
  );
}
