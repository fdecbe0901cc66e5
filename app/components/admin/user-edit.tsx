import { useRef } from "react";
import { useFetcher } from "react-router";
import { ROLES } from "~/common/vocabulary.ts";
import { useT } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/inbox-tools.ts";
import { FormResult } from "./form-result.tsx";
import "~/app/i18n/pages/admin.ts";
import "~/app/i18n/pages/trust.ts";

export interface EditableUser {
  id: string;
  name: string;
  role: string;
  capacity: number;
  deactivated: boolean;
  departmentIds: string[];
}

/** The edit form of one user row: name, role, departments, capacity. */
export function UserEditForm({ user: u, departments }: { user: EditableUser; departments: { id: string; name: string }[] }) {
  const t = useT();
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const busy = fetcher.state !== "idle";
  const member = new Set(u.departmentIds);
  // The activation button posts its own form, so it sits beside this one (forms do not nest).
  return (
    <div className="user-edit">
      <fetcher.Form method="post" className="form-stack department-form" data-user-form={u.id}>
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="userId" value={u.id} />
        <FormResult data={fetcher.data} busy={busy} okText={t("admin.saved")} />
        <label className="field">
          {t("admin.name")}
          <input type="text" name="name" required maxLength={120} defaultValue={u.name} />
        </label>
        <label className="field">
          {t("admin.role")}
          <select name="role" defaultValue={u.role}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          {t("admin.capacity")}
          <input type="number" name="capacity" min={0} max={1000} required defaultValue={u.capacity} title={t("admin.capacityHint")} />
        </label>
        {departments.length ? (
          <fieldset>
            <legend>{t("admin.departments")}</legend>
            <div className="check-columns">
              {departments.map((d) => (
                <label key={d.id} className="check">
                  <input type="checkbox" name="departmentIds" value={d.id} defaultChecked={member.has(d.id)} /> {d.name}
                </label>
              ))}
            </div>
          </fieldset>
        ) : null}
        <div className="dialog-actions">
          <button className="button primary" type="submit" disabled={busy}>
            {busy ? t("admin.saving") : t("admin.save")}
          </button>
        </div>
      </fetcher.Form>
      <ActivationButton user={u} />
    </div>
  );
}

/** Deactivate (signs the user out everywhere at once) or reactivate, behind a confirmation dialog. */
function ActivationButton({ user: u }: { user: EditableUser }) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const busy = fetcher.state !== "idle";
  const label = u.deactivated ? t("userEdit.reactivate") : t("userEdit.deactivate");
  const error = !busy && fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
  return (
    <div className="user-activation">
      {error ? (
        <span className="small error-text" role="alert">
          {error}
        </span>
      ) : null}
      <button type="button" className={`button${u.deactivated ? "" : " danger"}`} onClick={() => dialog.current?.showModal()}>
        {label}
      </button>
      <dialog ref={dialog} className="dialog" aria-label={label}>
        <fetcher.Form method="post" className="form-stack" onSubmit={() => dialog.current?.close()}>
          <input type="hidden" name="intent" value={u.deactivated ? "reactivate" : "deactivate"} />
          <input type="hidden" name="userId" value={u.id} />
          <p>{t(u.deactivated ? "userEdit.reactivateConfirm" : "userEdit.deactivateConfirm", { name: u.name })}</p>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => dialog.current?.close()}>
              {t("privacy.cancel")}
            </button>
            <button type="submit" className={`button ${u.deactivated ? "primary" : "danger"}`} disabled={busy}>
              {label}
            </button>
          </div>
        </fetcher.Form>
      </dialog>
    </div>
  );
}
