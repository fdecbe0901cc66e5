import { useState } from "react";
import { useFetcher } from "react-router";
import type { Route } from "./+types/automation";
import { requireAdmin } from "~/app/lib/auth.server.ts";
import { actionResult } from "~/app/lib/errors.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";
import { jsonField } from "~/app/lib/json-field.server.ts";
import {
  createAutomationRule,
  deleteAutomationRule,
  listAutomationRules,
  updateAutomationRule,
} from "~/server/domain/automation/automation-rules.ts";
import { moveAutomationRule } from "~/server/domain/automation/move-automation-rule.ts";
import { listRuleOptions } from "~/server/domain/automation/rule-options.ts";
import { AUTOMATION_EVENTS } from "~/common/automation-vocabulary.ts";
import { type MessageKey, useT } from "~/app/i18n/index.ts";
import { RuleEditor, type RuleDraft } from "~/app/components/automation/rule-editor.tsx";
import { EditableListHeader, EditDeleteButtons } from "~/app/components/admin/editable-list.tsx";
import { FormResult } from "~/app/components/admin/form-result.tsx";
import "~/app/i18n/pages/ops.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireAdmin(request, context);
  const [rules, options] = await Promise.all([listAutomationRules(context.app, user), listRuleOptions(context.app, user)]);
  return { rules, options };
}

/** Undoes form encoding only (the rule travels as one JSON field); the flows validate (decision 007). */
export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireAdmin(request, context);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const id = String(form.get("id") ?? "");
  switch (intent) {
    case "create":
      return actionResult(intent, () => createAutomationRule(context.app, user, jsonField(form, "rule")));
    case "update":
      return actionResult(intent, () => updateAutomationRule(context.app, user, id, jsonField(form, "rule")));
    case "toggle":
      return actionResult(intent, () => updateAutomationRule(context.app, user, id, { enabled: form.get("enabled") === "true" }));
    case "move":
      return actionResult(intent, () => moveAutomationRule(context.app, user, id, form.get("direction") === "up" ? "up" : "down"));
    case "delete":
      return actionResult(intent, () => deleteAutomationRule(context.app, user, id));
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

type Rule = Route.ComponentProps["loaderData"]["rules"][number];

const draftOf = (r: Rule): RuleDraft => ({
  name: r.name,
  enabled: r.enabled,
  event: r.event as RuleDraft["event"],
  minutes: r.minutes,
  businessHoursOnly: r.businessHoursOnly,
  match: r.match as RuleDraft["match"],
  conditions: r.conditions as RuleDraft["conditions"],
  actions: r.actions as RuleDraft["actions"],
});

export default function Automation({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { rules, options } = loaderData;
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const byEvent = AUTOMATION_EVENTS.map((event) => ({ event, rules: rules.filter((r) => r.event === event) })).filter(
    (g) => g.rules.length > 0,
  );
  const current = editing && editing !== "new" ? rules.find((r) => r.id === editing) : undefined;
  return (
    <div className="form-stack" style={{ gap: 16 }}>
      <EditableListHeader
        title={t("ops.rules.title")}
        intro={t("ops.rules.intro")}
        newLabel={t("ops.rules.new")}
        editing={!!editing}
        onNew={() => setEditing("new")}
      />
      {editing ? (
        <RuleEditor
          key={editing}
          id={current?.id}
          initial={current ? draftOf(current) : undefined}
          options={options}
          onDone={() => setEditing(null)}
        />
      ) : null}
      <div className="card">
        {byEvent.length === 0 ? <p className="card-body muted">{t("ops.rules.empty")}</p> : null}
        {byEvent.map((group) => (
          <section key={group.event} className="rule-group" aria-label={t(`ops.event.${group.event}` as MessageKey)}>
            <h2 className="rule-group-title">{t(`ops.event.${group.event}` as MessageKey)}</h2>
            <table className="table">
              <tbody>
                {group.rules.map((r, i) => (
                  <RuleRow key={r.id} rule={r} first={i === 0} last={i === group.rules.length - 1} onEdit={() => setEditing(r.id)} />
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </div>
  );
}

function RuleRow({ rule, first, last, onEdit }: { rule: Rule; first: boolean; last: boolean; onEdit: () => void }) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const busy = fetcher.state !== "idle";
  const post = (data: Record<string, string>) => fetcher.submit({ id: rule.id, ...data }, { method: "post" });
  const conditions = (rule.conditions as unknown[]).length;
  const actions = (rule.actions as unknown[]).length;
  const failed = fetcher.data && !fetcher.data.ok ? fetcher.data : undefined;
  return (
    <tr data-rule-id={rule.id} className={rule.enabled ? undefined : "muted"}>
      <td style={{ width: 80 }}>
        <div className="order-buttons">
          <button
            type="button"
            className="button ghost small"
            disabled={first || busy}
            aria-label={t("ops.rules.moveUp", { name: rule.name })}
            onClick={() => post({ intent: "move", direction: "up" })}
          >
            ↑
          </button>
          <button
            type="button"
            className="button ghost small"
            disabled={last || busy}
            aria-label={t("ops.rules.moveDown", { name: rule.name })}
            onClick={() => post({ intent: "move", direction: "down" })}
          >
            ↓
          </button>
        </div>
      </td>
      <td>
        <strong>{rule.name}</strong>
        <div className="muted small">
          {rule.minutes
            ? `${t("ops.rules.afterMinutes", { n: rule.minutes })}${rule.businessHoursOnly ? ` · ${t("ops.rules.businessHoursOnly")}` : ""} · `
            : ""}
          {t("ops.rules.summary", { conditions, actions })}
        </div>
        {failed ? <FormResult data={failed} busy={busy} /> : null}
      </td>
      <td style={{ width: 110 }}>
        <label className="check">
          <input
            type="checkbox"
            checked={rule.enabled}
            disabled={busy}
            onChange={(e) => post({ intent: "toggle", enabled: String(e.target.checked) })}
          />{" "}
          {t("ops.rules.enabled")}
        </label>
      </td>
      <td style={{ width: 160, textAlign: "right" }}>
        <EditDeleteButtons name={rule.name} busy={busy} onEdit={onEdit} onDelete={() => post({ intent: "delete" })} />
      </td>
    </tr>
  );
}
