import { useFetcher } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import { FormResult } from "./form-result.tsx";
import { NamedOptions } from "~/app/components/named-options.tsx";
import "~/app/i18n/pages/admin.ts";

export interface DepartmentRow {
  id: string;
  name: string;
  restricted: boolean;
  autoAssign?: boolean;
  reassignOfflineAfterMinutes?: number | null;
  slackInboxId?: string | null;
  slackChannelId?: string | null;
  memberIds?: string[];
}

interface Props {
  department: DepartmentRow;
  users: { id: string; name: string }[];
  slackInboxes: { id: string; name: string }[];
}

/** One department: a summary line, and its settings behind "Edit settings". */
export function DepartmentSettings({ department: d, users, slackInboxes }: Props) {
  const t = useT();
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const busy = fetcher.state !== "idle";
  const members = new Set(d.memberIds ?? []);
  const names = users.filter((u) => members.has(u.id)).map((u) => u.name);
  return (
    <details className="department" data-department-id={d.id}>
      <summary>
        <strong>{d.name}</strong>
        {d.restricted ? (
          <span className="badge" title={t("admin.restricted")}>
            {t("admin.restrictedShort")}
          </span>
        ) : null}
        {d.autoAssign ? <span className="badge status-open">{t("admin.autoAssignShort")}</span> : null}
        {d.reassignOfflineAfterMinutes ? (
          <span className="badge">{t("admin.reassignAfter", { minutes: d.reassignOfflineAfterMinutes })}</span>
        ) : null}
        {d.slackChannelId ? <span className="badge">Slack #{d.slackChannelId}</span> : null}
        <span className="muted small department-members">{names.join(", ") || "—"}</span>
        <span className="button small ghost">{t("admin.edit")}</span>
      </summary>
      <fetcher.Form method="post" className="form-stack department-form">
        <input type="hidden" name="intent" value="settings" />
        <input type="hidden" name="departmentId" value={d.id} />
        <FormResult data={fetcher.data} busy={busy} okText={t("admin.saved")} />
        <label className="check">
          <input type="checkbox" name="autoAssign" defaultChecked={d.autoAssign} /> {t("admin.autoAssign")}
        </label>
        <label className="check">
          <input type="checkbox" name="restricted" defaultChecked={d.restricted} /> {t("admin.restricted")}
        </label>
        <label className="field">
          {t("admin.reassignOffline")}
          <input type="number" name="reassignOfflineAfterMinutes" min={1} max={10080} defaultValue={d.reassignOfflineAfterMinutes ?? ""} />
        </label>
        <fieldset>
          <legend>{t("admin.members")}</legend>
          <div className="check-columns">
            {users.map((u) => (
              <label key={u.id} className="check">
                <input type="checkbox" name="memberIds" value={u.id} defaultChecked={members.has(u.id)} /> {u.name}
              </label>
            ))}
          </div>
        </fieldset>
        {slackInboxes.length ? (
          <fieldset>
            <legend>{t("admin.slackNotifications")}</legend>
            <label className="field">
              {t("admin.slackInbox")}
              <select name="slackInboxId" defaultValue={d.slackInboxId ?? ""}>
                <option value="">{t("admin.none")}</option>
                <NamedOptions items={slackInboxes} />
              </select>
            </label>
            <label className="field">
              {t("admin.slackChannelId")}
              <input type="text" name="slackChannelId" defaultValue={d.slackChannelId ?? ""} pattern="[CGD][A-Z0-9]{2,20}" />
            </label>
          </fieldset>
        ) : null}
        <button className="button primary" type="submit" disabled={busy}>
          {busy ? t("admin.saving") : t("admin.save")}
        </button>
      </fetcher.Form>
    </details>
  );
}
