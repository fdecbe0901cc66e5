import { useState } from "react";
import { useFetcher } from "react-router";
import type { Route } from "./+types/business-hours";
import { requireAdmin } from "~/app/lib/auth.server.ts";
import { actionResult } from "~/app/lib/errors.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";
import { jsonField } from "~/app/lib/json-field.server.ts";
import {
  createBusinessHours,
  deleteBusinessHours,
  listBusinessHours,
  updateBusinessHours,
} from "~/server/domain/business-hours/business-hours.ts";
import { listBusinessHoursAssignments } from "~/server/domain/business-hours/list-assignments.ts";
import { setDepartmentBusinessHours, setInboxBusinessHours } from "~/server/domain/business-hours/assign-business-hours.ts";
import { type MessageKey, useT } from "~/app/i18n/index.ts";
import { BusinessHoursEditor, type HoursDraft } from "~/app/components/admin/business-hours-editor.tsx";
import { EditableListHeader, EditDeleteButtons } from "~/app/components/admin/editable-list.tsx";
import { FormResult } from "~/app/components/admin/form-result.tsx";
import { NamedOptions } from "~/app/components/named-options.tsx";
import "~/app/i18n/pages/ops.ts";
import "~/app/i18n/pages/admin.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireAdmin(request, context);
  const [hours, assignments] = await Promise.all([listBusinessHours(context.app), listBusinessHoursAssignments(context.app, user)]);
  return { hours, ...assignments };
}

/** Undoes form encoding only; the flows validate (decision 007). */
export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireAdmin(request, context);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const id = String(form.get("id") ?? "");
  const assignment = { businessHoursId: String(form.get("businessHoursId") ?? "") || null };
  switch (intent) {
    case "create":
      return actionResult(intent, () => createBusinessHours(context.app, user, jsonField(form, "hours")));
    case "update":
      return actionResult(intent, () => updateBusinessHours(context.app, user, id, jsonField(form, "hours")));
    case "delete":
      return actionResult(intent, () => deleteBusinessHours(context.app, user, id));
    case "assign-department":
      return actionResult(intent, () => setDepartmentBusinessHours(context.app, user, id, assignment));
    case "assign-inbox":
      return actionResult(intent, () => setInboxBusinessHours(context.app, user, id, assignment));
    default:
      throw new Response("Unknown intent", { status: 400 });
  }
}

type Hours = Route.ComponentProps["loaderData"]["hours"][number];
const DAYS = [1, 2, 3, 4, 5, 6, 7] as const;

export default function BusinessHours({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { hours, departments, inboxes } = loaderData;
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const current = editing && editing !== "new" ? hours.find((h) => h.id === editing) : undefined;
  const initial: HoursDraft | undefined = current
    ? {
        name: current.name,
        timezone: current.timezone,
        intervals: current.intervals,
        holidays: current.holidays,
        japaneseHolidays: current.japaneseHolidays,
      }
    : undefined;
  const named = hours.map((h) => ({ id: h.id, name: h.name }));
  return (
    <div className="form-stack" style={{ gap: 16 }}>
      <EditableListHeader
        title={t("hours.title")}
        intro={t("hours.intro")}
        newLabel={t("hours.new")}
        editing={!!editing}
        onNew={() => setEditing("new")}
      />
      {editing ? <BusinessHoursEditor key={editing} id={current?.id} initial={initial} onDone={() => setEditing(null)} /> : null}
      <div className="card">
        {hours.length === 0 ? (
          <p className="card-body muted">{t("hours.empty")}</p>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>{t("hours.name")}</th>
                <th>{t("hours.timezone")}</th>
                <th>{t("hours.intervals")}</th>
                <th>{t("hours.holidays")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {hours.map((h) => (
                <HoursRow key={h.id} hours={h} onEdit={() => setEditing(h.id)} />
              ))}
            </tbody>
          </table>
        )}
      </div>
      <section className="card card-body form-stack">
        <h2>{t("hours.assign")}</h2>
        <table className="table">
          <tbody>
            {departments.map((d) => (
              <AssignRow
                key={d.id}
                intent="assign-department"
                id={d.id}
                label={`${t("hours.department")}: ${d.name}`}
                value={d.businessHoursId}
                hours={named}
              />
            ))}
            {inboxes.map((i) => (
              <AssignRow
                key={i.id}
                intent="assign-inbox"
                id={i.id}
                label={`${t("hours.inbox")}: ${i.name}`}
                value={i.businessHoursId}
                hours={named}
              />
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function HoursRow({ hours, onEdit }: { hours: Hours; onEdit: () => void }) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const busy = fetcher.state !== "idle";
  const failed = fetcher.data && !fetcher.data.ok ? fetcher.data : undefined;
  const days = DAYS.map((day) => ({ day, spans: hours.intervals.filter((i) => i.day === day) })).filter((d) => d.spans.length);
  return (
    <tr data-hours-id={hours.id}>
      <td>
        <strong>{hours.name}</strong>
        {failed ? <FormResult data={failed} busy={busy} /> : null}
      </td>
      <td>{hours.timezone}</td>
      <td className="small">
        {days.length === 0 ? <span className="muted">{t("ops.hours.alwaysClosed")}</span> : null}
        {days.map((d) => (
          <div key={d.day}>
            {t(`ops.hours.dayShort.${d.day}` as MessageKey)} {d.spans.map((s) => `${s.start}–${s.end}`).join(", ")}
          </div>
        ))}
      </td>
      <td className="small">
        {hours.japaneseHolidays ? <div>{t("ops.hours.jpHolidaysOn")}</div> : null}
        {hours.holidays.length ? <div className="muted">{t("ops.hours.dates", { count: hours.holidays.length })}</div> : null}
      </td>
      <td style={{ width: 160, textAlign: "right" }}>
        <EditDeleteButtons
          name={hours.name}
          busy={busy}
          onEdit={onEdit}
          onDelete={() => fetcher.submit({ intent: "delete", id: hours.id }, { method: "post" })}
        />
      </td>
    </tr>
  );
}

function AssignRow(props: { intent: string; id: string; label: string; value: string | null; hours: { id: string; name: string }[] }) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const failed = fetcher.data && !fetcher.data.ok ? fetcher.data : undefined;
  return (
    <tr>
      <td>{props.label}</td>
      <td style={{ width: 280 }}>
        <select
          aria-label={props.label}
          value={props.value ?? ""}
          disabled={fetcher.state !== "idle"}
          onChange={(e) => fetcher.submit({ intent: props.intent, id: props.id, businessHoursId: e.target.value }, { method: "post" })}
        >
          <option value="">{t("hours.none")}</option>
          <NamedOptions items={props.hours} />
        </select>
        {failed ? <FormResult data={failed} busy={false} /> : null}
      </td>
    </tr>
  );
}
