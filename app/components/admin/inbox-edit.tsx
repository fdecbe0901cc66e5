import { useEffect, useState } from "react";
import { useFetcher } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import { useChannel } from "~/app/lib/channels.tsx";
import { NamedOptions } from "~/app/components/named-options.tsx";
import { FormResult } from "./form-result.tsx";
import { InboxConfigFields, type StoredConfig } from "./inbox-config-fields.tsx";
import "~/app/i18n/pages/admin.ts";
import "~/app/i18n/pages/trust.ts";

export interface EditableInbox extends StoredConfig {
  id: string;
  kind: string;
  name: string;
  enabled: boolean;
  department: { id: string; name: string } | null;
  canTest: boolean;
}

/**
 * One inbox's settings behind "Edit": name, department, enabled and the channel's own config form
 * (the creation form's fields, filled with the stored clear values; secrets only replaced).
 */
export function InboxEdit({ inbox: i, departments }: { inbox: EditableInbox; departments: { id: string; name: string }[] }) {
  const t = useT();
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const busy = fetcher.state !== "idle";
  const fields = useChannel(i.kind)?.configFields ?? [];
  // Once saved, a replaced secret is stored: the fields start over from the stored state ("•••• set").
  const [saves, setSaves] = useState(0);
  // The form is built when opened: a closed row carries no inputs.
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) setSaves((n) => n + 1);
  }, [fetcher.state, fetcher.data]);
  return (
    <details className="inbox-edit" data-inbox-edit={i.id} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="button small">{t("inboxEdit.edit")}</summary>
      {open ? (
        <fetcher.Form method="post" className="form-stack" autoComplete="off">
          <input type="hidden" name="intent" value="update" />
          <input type="hidden" name="inboxId" value={i.id} />
          <FormResult data={fetcher.data} busy={busy} okText={t("admin.saved")} />
          <label className="field">
            {t("admin.name")}
            <input type="text" name="name" required maxLength={100} defaultValue={i.name} />
          </label>
          <label className="field">
            {t("admin.department")}
            <select name="departmentId" defaultValue={i.department?.id ?? ""}>
              <option value="">{t("admin.none")}</option>
              <NamedOptions items={departments} />
            </select>
          </label>
          <label className="check">
            <input type="checkbox" name="enabled" defaultChecked={i.enabled} /> {t("inboxEdit.enabled")}
          </label>
          <InboxConfigFields key={saves} kind={i.kind} fields={fields} stored={i} />
          <button className="button primary" type="submit" disabled={busy}>
            {busy ? t("admin.saving") : t("admin.save")}
          </button>
        </fetcher.Form>
      ) : null}
    </details>
  );
}

/** "Test connection": the channel signs in to its provider with the saved settings and says how it went. */
export function TestConnectionButton({ inboxId }: { inboxId: string }) {
  const t = useT();
  const fetcher = useFetcher<{ ok: boolean; message?: string; error?: string }>();
  const busy = fetcher.state !== "idle";
  const result = busy ? undefined : fetcher.data;
  return (
    <fetcher.Form method="post" className="form-stack test-connection" data-test-connection={inboxId}>
      <input type="hidden" name="intent" value="test" />
      <input type="hidden" name="inboxId" value={inboxId} />
      <div>
        <button className="button small" type="submit" disabled={busy}>
          {busy ? t("inboxEdit.testing") : t("inboxEdit.test")}
        </button>
      </div>
      {result ? (
        <div className={`alert ${result.ok ? "success" : "error"}`} role={result.ok ? "status" : "alert"}>
          <pre className="connection-result">{result.message ?? result.error}</pre>
        </div>
      ) : null}
    </fetcher.Form>
  );
}
