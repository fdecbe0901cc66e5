import { useState } from "react";
import { useFetcher } from "react-router";
import type { Route } from "./+types/macros";
import { requireAdmin } from "~/app/lib/auth.server.ts";
import { actionResult } from "~/app/lib/errors.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";
import { jsonField } from "~/app/lib/json-field.server.ts";
import { createMacro, deleteMacro, listMacros, updateMacro } from "~/server/domain/macros/macros.ts";
import { listRuleOptions } from "~/server/domain/automation/rule-options.ts";
import { type MessageKey, useT } from "~/app/i18n/index.ts";
import { MacroEditor, type MacroDraft } from "~/app/components/automation/macro-editor.tsx";
import { EditableListHeader, EditDeleteButtons } from "~/app/components/admin/editable-list.tsx";
import { FormResult } from "~/app/components/admin/form-result.tsx";
import "~/app/i18n/pages/ops.ts";
import "~/app/i18n/pages/admin.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireAdmin(request, context);
  const [macros, options] = await Promise.all([listMacros(context.app, user), listRuleOptions(context.app, user)]);
  return { macros, options };
}

/** Undoes form encoding only (the macro travels as one JSON field); the flows validate (decision 007). */
export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireAdmin(request, context);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const id = String(form.get("id") ?? "");
  if (intent === "create") return actionResult(intent, () => createMacro(context.app, user, jsonField(form, "macro")));
  if (intent === "update") return actionResult(intent, () => updateMacro(context.app, user, id, jsonField(form, "macro")));
  if (intent === "delete") return actionResult(intent, () => deleteMacro(context.app, user, id));
  throw new Response("Unknown intent", { status: 400 });
}

type Macro = Route.ComponentProps["loaderData"]["macros"][number];

export default function Macros({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { macros, options } = loaderData;
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const current = editing && editing !== "new" ? macros.find((m) => m.id === editing) : undefined;
  const initial: MacroDraft | undefined = current
    ? { name: current.name, shortcut: current.shortcut, actions: current.actions as MacroDraft["actions"] }
    : undefined;
  return (
    <div className="form-stack" style={{ gap: 16 }}>
      <EditableListHeader
        title={t("ops.macros.title")}
        intro={t("ops.macros.intro")}
        newLabel={t("ops.macros.new")}
        editing={!!editing}
        onNew={() => setEditing("new")}
      />
      {editing ? <MacroEditor key={editing} id={current?.id} initial={initial} options={options} onDone={() => setEditing(null)} /> : null}
      <div className="card">
        {macros.length === 0 ? (
          <p className="card-body muted">{t("ops.macros.empty")}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t("ops.macros.name")}</th>
                <th>{t("ops.macros.shortcut")}</th>
                <th>{t("ops.macros.actions")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {macros.map((m) => (
                <MacroRow key={m.id} macro={m} onEdit={() => setEditing(m.id)} />
              ))}
            </tbody>
          </table>
        )}
      </div>
    </div>
  );
}

function MacroRow({ macro, onEdit }: { macro: Macro; onEdit: () => void }) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const busy = fetcher.state !== "idle";
  const failed = fetcher.data && !fetcher.data.ok ? fetcher.data : undefined;
  return (
    <tr data-macro-id={macro.id}>
      <td>
        <strong>{macro.name}</strong>
        {failed ? <FormResult data={failed} busy={busy} /> : null}
      </td>
      <td>{macro.shortcut ? <kbd>Alt + {macro.shortcut}</kbd> : <span className="muted">—</span>}</td>
      <td className="muted small">
        {(macro.actions as { type: string }[]).map((a) => t(`ops.action.${a.type}` as MessageKey)).join(" · ")}
      </td>
      <td style={{ width: 160, textAlign: "right" }}>
        <EditDeleteButtons
          name={macro.name}
          busy={busy}
          onEdit={onEdit}
          onDelete={() => fetcher.submit({ intent: "delete", id: macro.id }, { method: "post" })}
        />
      </td>
    </tr>
  );
}
