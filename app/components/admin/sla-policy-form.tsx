import { useEffect } from "react";
import { useFetcher } from "react-router";
import { PRIORITIES } from "~/common/vocabulary.ts";
import { type MessageKey, useT } from "~/app/i18n/index.ts";
import { useChannelLabel } from "~/app/lib/channels.tsx";
import { FormResult } from "./form-result.tsx";
import "~/app/i18n/pages/admin.ts";
import "~/app/i18n/pages/ops.ts";

export interface SlaPolicyValues {
  id: string;
  name: string;
  enabled: boolean;
  position: number;
  conditions: {
    departmentIds?: string[];
    inboxIds?: string[];
    channels?: string[];
    priorities?: string[];
    tags?: string[];
    /** Contact and company attribute conditions (set through the API); kept as they are when the form saves. */
    attributes?: { of: string; key: string; op: string; value?: unknown }[];
  };
  firstResponseMinutes: number | null;
  nextResponseMinutes: number | null;
  resolutionMinutes: number | null;
  businessHoursId: string | null;
  warnAtPercent: number;
  pauseWhenSnoozed: boolean;
}

interface Named {
  id: string;
  name: string;
}

/** One SLA policy's form: new (no `policy`) or editing one; conditions are lists, every given list must match. */
export function SlaPolicyForm(props: {
  policy?: SlaPolicyValues;
  nextPosition: number;
  hours: Named[];
  departments: Named[];
  inboxes: Named[];
  channels: string[];
  onDone?: () => void;
}) {
  const t = useT();
  const channelLabel = useChannelLabel();
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const p = props.policy;
  const c = p?.conditions ?? {};
  const busy = fetcher.state !== "idle";
  const { onDone } = props;
  useEffect(() => {
    if (!busy && fetcher.data?.ok) onDone?.();
  }, [busy, fetcher.data, onDone]);
  const checks = (name: string, items: { value: string; label: string }[], selected: string[] = []) =>
    items.map((i) => (
      <label key={i.value} className="check">
        <input type="checkbox" name={name} value={i.value} defaultChecked={selected.includes(i.value)} /> {i.label}
      </label>
    ));
  return (
    <fetcher.Form method="post" className="card card-body form-stack" aria-label={p ? t("ops.sla.editTitle") : t("slaAdmin.new")}>
      <h2>{p ? t("ops.sla.editTitle") : t("slaAdmin.new")}</h2>
      <input type="hidden" name="intent" value={p ? "update" : "create"} />
      {p ? <input type="hidden" name="id" value={p.id} /> : null}
      <FormResult data={fetcher.data} busy={busy} okText={p ? t("admin.saved") : undefined} />
      <label className="field">
        {t("slaAdmin.name")}
        <input type="text" name="name" required maxLength={120} defaultValue={p?.name} />
      </label>
      {p ? (
        <label className="check">
          <input type="checkbox" name="enabled" defaultChecked={p.enabled} /> {t("slaAdmin.enabled")}
        </label>
      ) : null}
      <label className="field">
        {t("slaAdmin.position")}
        <input type="number" name="position" min={0} defaultValue={p?.position ?? props.nextPosition} />
      </label>
      <label className="field">
        {t("slaAdmin.firstResponse")}
        <input type="number" name="firstResponseMinutes" min={1} defaultValue={p?.firstResponseMinutes ?? undefined} />
      </label>
      <label className="field">
        {t("slaAdmin.nextResponse")}
        <input type="number" name="nextResponseMinutes" min={1} defaultValue={p?.nextResponseMinutes ?? undefined} />
      </label>
      <label className="field">
        {t("slaAdmin.resolution")}
        <input type="number" name="resolutionMinutes" min={1} defaultValue={p?.resolutionMinutes ?? undefined} />
      </label>
      <label className="field">
        {t("slaAdmin.businessHours")}
        <select name="businessHoursId" defaultValue={p?.businessHoursId ?? ""}>
          <option value="">{t("slaAdmin.calendar")}</option>
          {props.hours.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        {t("slaAdmin.warnAt")}
        <input type="number" name="warnAtPercent" min={0} max={99} defaultValue={p?.warnAtPercent ?? 80} />
      </label>
      <label className="check">
        <input type="checkbox" name="pauseWhenSnoozed" defaultChecked={p?.pauseWhenSnoozed} /> {t("slaAdmin.pauseWhenSnoozed")}
      </label>
      <fieldset>
        <legend>{t("slaAdmin.conditions")}</legend>
        <input type="hidden" name="attributeConditions" value={JSON.stringify(c.attributes ?? [])} />
        {c.attributes?.length ? (
          <div className="muted small">
            {t("ops.sla.attributeConditions")}:{" "}
            {c.attributes.map((a) => `${a.of}.${a.key} ${t(`ops.op.${a.op}` as MessageKey)} ${a.value ?? ""}`.trim()).join(" · ")}
          </div>
        ) : null}
        {props.departments.length ? <div className="muted small">{t("slaAdmin.departments")}</div> : null}
        {checks(
          "departmentIds",
          props.departments.map((d) => ({ value: d.id, label: d.name })),
          c.departmentIds,
        )}
        {props.inboxes.length ? <div className="muted small">{t("slaAdmin.inboxes")}</div> : null}
        {checks(
          "inboxIds",
          props.inboxes.map((i) => ({ value: i.id, label: i.name })),
          c.inboxIds,
        )}
        {props.channels.length ? <div className="muted small">{t("ops.sla.channels")}</div> : null}
        {checks(
          "channels",
          props.channels.map((k) => ({ value: k, label: channelLabel(k) })),
          c.channels,
        )}
        <div className="muted small">{t("slaAdmin.priorities")}</div>
        {checks(
          "priorities",
          PRIORITIES.map((v) => ({ value: v, label: t(`priority.${v}`) })),
          c.priorities,
        )}
        <label className="field">
          {t("slaAdmin.tags")}
          <input type="text" name="tags" defaultValue={c.tags?.join(", ")} />
        </label>
      </fieldset>
      <div className="rule-buttons">
        <button className="button primary" type="submit" disabled={busy}>
          {t("slaAdmin.save")}
        </button>
        {p ? (
          <button className="button ghost" type="button" onClick={props.onDone}>
            {t("ops.cancel")}
          </button>
        ) : null}
      </div>
    </fetcher.Form>
  );
}
