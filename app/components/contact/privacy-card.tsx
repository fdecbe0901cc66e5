import { useRef, useState } from "react";
import { useFetcher } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import { useWorkspace } from "~/app/lib/workspace.ts";
import "~/app/i18n/pages/trust.ts";

/**
 * Admins only: export everything held about the customer (the API's ZIP; the session cookie signs the
 * download), or erase their personal data after typing their name (docs/decisions/019-erasure.md).
 */
export function PrivacyCard({ contactId, name }: { contactId: string; name: string }) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const erase = useFetcher<{ ok: boolean; error?: string }>();
  const [typed, setTyped] = useState("");
  const busy = erase.state !== "idle";
  const error = !busy && erase.data && !erase.data.ok ? erase.data.error : null;
  if (useWorkspace().user.role !== "admin") return null;
  return (
    <section className="card card-body form-stack" data-testid="privacy-card">
      <h3 className="muted">{t("privacy.title")}</h3>
      <div>
        <a className="button small" href={`/api/v1/contacts/${contactId}/export`} download>
          {t("privacy.export")}
        </a>
        <p className="muted small">{t("privacy.exportHint")}</p>
      </div>
      <div>
        <button
          type="button"
          className="button small danger"
          onClick={() => {
            setTyped("");
            dialog.current?.showModal();
          }}
        >
          {t("privacy.erase")}
        </button>
      </div>
      <dialog ref={dialog} className="dialog" aria-labelledby="erase-title">
        <erase.Form method="post" className="form-stack">
          <input type="hidden" name="intent" value="erase" />
          <h2 id="erase-title">{t("privacy.eraseTitle")}</h2>
          <p>{t("privacy.eraseWarning")}</p>
          {error ? (
            <div className="alert error" role="alert">
              {error}
            </div>
          ) : null}
          <label className="field">
            {t("privacy.typeName", { name })}
            <input type="text" name="confirmName" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          </label>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => dialog.current?.close()}>
              {t("privacy.cancel")}
            </button>
            <button type="submit" className="button danger" disabled={busy || typed.trim() !== name.trim()}>
              {busy ? t("privacy.erasing") : t("privacy.eraseConfirm")}
            </button>
          </div>
        </erase.Form>
      </dialog>
    </section>
  );
}
