import { useState } from "react";
import { useFetcher } from "react-router";
import type { Route } from "./+types/sla-policies";
import { requireAdmin } from "~/app/lib/auth.server.ts";
import { actionResult } from "~/app/lib/errors.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";
import { createSlaPolicy, deleteSlaPolicy, listSlaPolicies, updateSlaPolicy } from "~/server/domain/sla/sla-policies.ts";
import { listBusinessHours } from "~/server/domain/business-hours/business-hours.ts";
import { listRuleOptions } from "~/server/domain/automation/rule-options.ts";
import { useT } from "~/app/i18n/index.ts";
import { EditDeleteButtons } from "~/app/components/admin/editable-list.tsx";
import { FormResult } from "~/app/components/admin/form-result.tsx";
import { SlaPolicyForm, type SlaPolicyValues } from "~/app/components/admin/sla-policy-form.tsx";
import "~/app/i18n/pages/ops.ts";
import "~/app/i18n/pages/admin.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireAdmin(request, context);
  const [policies, hours, { departments, inboxes, channels }] = await Promise.all([
    listSlaPolicies(context.app),
    listBusinessHours(context.app),
    listRuleOptions(context.app, user),
  ]);
  return {
    policies: policies as (Omit<(typeof policies)[number], "conditions"> & { conditions: SlaPolicyValues["conditions"] })[],
    hours: hours.map((h) => ({ id: h.id, name: h.name })),
    departments,
    inboxes: inboxes.map((i) => ({ id: i.id, name: i.name })),
    channels,
  };
}

const minutes = (v: FormDataEntryValue | null) => (v && String(v).trim() ? Number(v) : null);
const list = (form: FormData, name: string) => {
  const values = form.getAll(name).map(String);
  return values.length ? { [name]: values } : {};
};

/** Undoes form encoding only; the flow validates (decision 007). */
export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireAdmin(request, context);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "create");
  const id = String(form.get("id") ?? "");
  if (intent === "delete") return actionResult(intent, () => deleteSlaPolicy(context.app, user, id));
  const tags = String(form.get("tags") ?? "")
    .split(/[,、]/)
    .map((s) => s.trim())
    .filter(Boolean);
  const fields = {
    name: String(form.get("name") ?? ""),
    position: Number(form.get("position") ?? 0),
    firstResponseMinutes: minutes(form.get("firstResponseMinutes")),
    nextResponseMinutes: minutes(form.get("nextResponseMinutes")),
    resolutionMinutes: minutes(form.get("resolutionMinutes")),
    businessHoursId: String(form.get("businessHoursId") ?? "") || null,
    warnAtPercent: Number(form.get("warnAtPercent") ?? 80),
    pauseWhenSnoozed: form.get("pauseWhenSnoozed") === "on",
    conditions: {
      ...list(form, "departmentIds"),
      ...list(form, "inboxIds"),
      ...list(form, "channels"),
      ...list(form, "priorities"),
      ...(tags.length ? { tags } : {}),
      ...attributeConditions(form),
    },
  };
  if (intent === "update") {
    return actionResult(intent, () => updateSlaPolicy(context.app, user, id, { ...fields, enabled: form.get("enabled") === "on" }));
  }
  return actionResult("create", () => createSlaPolicy(context.app, user, fields));
}

/** The policy's attribute conditions, carried through the form unchanged (the server validates them). */
function attributeConditions(form: FormData) {
  try {
    const parsed = JSON.parse(String(form.get("attributeConditions") ?? "[]")) as unknown;
    return Array.isArray(parsed) && parsed.length ? { attributes: parsed } : {};
  } catch {
    return {};
  }
}

type Policy = Route.ComponentProps["loaderData"]["policies"][number];

export default function SlaPolicies({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const [editing, setEditing] = useState<string | null>(null);
  const [fresh, setFresh] = useState(0);
  const current = loaderData.policies.find((p) => p.id === editing);
  const hoursName = new Map(loaderData.hours.map((h) => [h.id, h.name]));
  const names = new Map([...loaderData.departments, ...loaderData.inboxes].map((n) => [n.id, n.name]));
  const summary = (p: Policy) => {
    const c = p.conditions;
    const parts = [
      ...(c.departmentIds ?? []).map((id) => names.get(id) ?? id),
      ...(c.inboxIds ?? []).map((id) => names.get(id) ?? id),
      ...(c.channels ?? []),
      ...(c.priorities ?? []).map((v) => t(`priority.${v}` as "priority.high")),
      ...(c.tags ?? []).map((tag) => `#${tag}`),
    ];
    return parts.length ? parts.join(", ") : t("ops.sla.any");
  };
  const dash = (n: number | null) => (n == null ? "—" : String(n));
  const formProps = {
    nextPosition: loaderData.policies.length,
    hours: loaderData.hours,
    departments: loaderData.departments,
    inboxes: loaderData.inboxes,
    channels: loaderData.channels,
  };
  return (
    <div className="admin-grid">
      <section>
        <h1 style={{ marginBottom: 8 }}>{t("slaAdmin.title")}</h1>
        <p className="muted" style={{ marginBottom: 16 }}>
          {t("slaAdmin.intro")}
        </p>
        <div className="card">
          {loaderData.policies.length === 0 ? (
            <p className="card-body muted">{t("slaAdmin.empty")}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t("slaAdmin.position")}</th>
                  <th>{t("slaAdmin.name")}</th>
                  <th>
                    {t("slaAdmin.targets", {
                      first: t("sla.target.first_response"),
                      next: t("sla.target.next_response"),
                      resolution: t("sla.target.resolution"),
                    })}
                  </th>
                  <th>{t("slaAdmin.businessHours")}</th>
                  <th>{t("slaAdmin.warnAt")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {loaderData.policies.map((p) => (
                  <PolicyRow key={p.id} policy={p} onEdit={() => setEditing(p.id)}>
                    <td>{p.position}</td>
                    <td>
                      <strong>{p.name}</strong>
                      {p.enabled ? null : <span className="badge"> {t("slaAdmin.enabled")}: —</span>}
                      <div className="muted small">
                        {t("ops.sla.conditionsShort")}: {summary(p)}
                      </div>
                    </td>
                    <td>
                      {dash(p.firstResponseMinutes)} / {dash(p.nextResponseMinutes)} / {dash(p.resolutionMinutes)}
                    </td>
                    <td className="muted">{p.businessHoursId ? hoursName.get(p.businessHoursId) : t("slaAdmin.calendar")}</td>
                    <td>{p.warnAtPercent}%</td>
                  </PolicyRow>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </section>
      {current ? (
        <SlaPolicyForm key={current.id} policy={current} {...formProps} onDone={() => setEditing(null)} />
      ) : (
        <SlaPolicyForm key={`new-${fresh}`} {...formProps} onDone={() => setFresh((n) => n + 1)} />
      )}
    </div>
  );
}

function PolicyRow(props: { policy: Policy; onEdit: () => void; children: React.ReactNode }) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const busy = fetcher.state !== "idle";
  const failed = fetcher.data && !fetcher.data.ok ? fetcher.data : undefined;
  const { policy } = props;
  return (
    <tr data-policy-id={policy.id}>
      {props.children}
      <td style={{ whiteSpace: "nowrap", textAlign: "right" }}>
        <EditDeleteButtons
          name={policy.name}
          busy={busy}
          onEdit={props.onEdit}
          onDelete={() => fetcher.submit({ intent: "delete", id: policy.id }, { method: "post" })}
          deleteLabel={t("slaAdmin.delete")}
        />
        {failed ? <FormResult data={failed} busy={busy} /> : null}
      </td>
    </tr>
  );
}
