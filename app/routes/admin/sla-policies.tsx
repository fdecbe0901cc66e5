import { useCreateForm } from "~/app/lib/use-create-form.ts";
import type { Route } from "./+types/sla-policies";
import { requireAdmin } from "~/app/lib/auth.server.ts";
import { actionResult } from "~/app/lib/errors.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";
import { createSlaPolicy, listSlaPolicies } from "~/server/domain/sla/sla-policies.ts";
import { listBusinessHours } from "~/server/domain/business-hours/business-hours.ts";
import { PRIORITIES } from "~/common/vocabulary.ts";
import { useT } from "~/app/i18n/index.ts";
import { FormResult } from "~/app/components/admin/form-result.tsx";

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireAdmin(request, context);
  const [policies, hours] = [await listSlaPolicies(context.app), await listBusinessHours(context.app)];
  return { policies, hours: hours.map((h) => ({ id: h.id, name: h.name })) };
}

const minutes = (v: FormDataEntryValue | null) => (v && String(v).trim() ? Number(v) : null);

/** Undoes form encoding only; the flow validates (decision 007). */
export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireAdmin(request, context);
  const form = await readForm(request);
  const priorities = form.getAll("priorities").map(String);
  const tags = String(form.get("tags") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return actionResult("create", () =>
    createSlaPolicy(context.app, user, {
      name: String(form.get("name") ?? ""),
      position: Number(form.get("position") ?? 0),
      firstResponseMinutes: minutes(form.get("firstResponseMinutes")),
      nextResponseMinutes: minutes(form.get("nextResponseMinutes")),
      resolutionMinutes: minutes(form.get("resolutionMinutes")),
      businessHoursId: String(form.get("businessHoursId") ?? "") || null,
      warnAtPercent: Number(form.get("warnAtPercent") ?? 80),
      pauseWhenSnoozed: form.get("pauseWhenSnoozed") === "on",
      conditions: { ...(priorities.length ? { priorities } : {}), ...(tags.length ? { tags } : {}) },
    }),
  );
}

export default function SlaPolicies({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { fetcher, formRef } = useCreateForm<typeof action>();
  const hoursName = new Map(loaderData.hours.map((h) => [h.id, h.name]));
  const dash = (n: number | null) => (n == null ? "—" : String(n));
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
                </tr>
              </thead>
              <tbody>
                {loaderData.policies.map((p) => (
                  <tr key={p.id} data-policy-id={p.id}>
                    <td>{p.position}</td>
                    <td>
                      <strong>{p.name}</strong>
                      {p.enabled ? null : <span className="badge"> {t("slaAdmin.enabled")}: —</span>}
                    </td>
                    <td>
                      {dash(p.firstResponseMinutes)} / {dash(p.nextResponseMinutes)} / {dash(p.resolutionMinutes)}
                    </td>
                    <td className="muted">{p.businessHoursId ? hoursName.get(p.businessHoursId) : t("slaAdmin.calendar")}</td>
                    <td>{p.warnAtPercent}%</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      </section>
      <fetcher.Form method="post" className="card card-body form-stack" ref={formRef}>
        <h2>{t("slaAdmin.new")}</h2>
        <FormResult data={fetcher.data} busy={fetcher.state !== "idle"} />
        <label className="field">
          {t("slaAdmin.name")}
          <input type="text" name="name" required maxLength={120} />
        </label>
        <label className="field">
          {t("slaAdmin.position")}
          <input type="number" name="position" min={0} defaultValue={loaderData.policies.length} />
        </label>
        <label className="field">
          {t("slaAdmin.firstResponse")}
          <input type="number" name="firstResponseMinutes" min={1} />
        </label>
        <label className="field">
          {t("slaAdmin.nextResponse")}
          <input type="number" name="nextResponseMinutes" min={1} />
        </label>
        <label className="field">
          {t("slaAdmin.resolution")}
          <input type="number" name="resolutionMinutes" min={1} />
        </label>
        <label className="field">
          {t("slaAdmin.businessHours")}
          <select name="businessHoursId" defaultValue="">
            <option value="">{t("slaAdmin.calendar")}</option>
            {loaderData.hours.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t("slaAdmin.warnAt")}
          <input type="number" name="warnAtPercent" min={0} max={99} defaultValue={80} />
        </label>
        <label className="check">
          <input type="checkbox" name="pauseWhenSnoozed" /> {t("slaAdmin.pauseWhenSnoozed")}
        </label>
        <fieldset>
          <legend>{t("slaAdmin.conditions")}</legend>
          <div className="muted small">{t("slaAdmin.priorities")}</div>
          {PRIORITIES.map((p) => (
            <label key={p} className="check">
              <input type="checkbox" name="priorities" value={p} /> {t(`priority.${p}`)}
            </label>
          ))}
          <label className="field">
            {t("slaAdmin.tags")}
            <input type="text" name="tags" />
          </label>
        </fieldset>
        <button className="button primary" type="submit" disabled={fetcher.state !== "idle"}>
          {t("slaAdmin.save")}
        </button>
      </fetcher.Form>
    </div>
  );
}
