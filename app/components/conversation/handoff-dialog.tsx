import { useEffect, useRef } from "react";
import { useFetcher } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import { useWorkspace } from "~/app/lib/workspace.ts";
import { NamedOptions } from "~/app/components/named-options.tsx";

/** "Hand off…": move the conversation to another department with a note for whoever picks it up. */
export function HandoffButton({ departmentId, disabled }: { departmentId: string | null; disabled: boolean }) {
  const t = useT();
  const { directory } = useWorkspace();
  const dialog = useRef<HTMLDialogElement>(null);
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const busy = fetcher.state !== "idle";
  const targets = directory.departments.filter((d) => d.id !== departmentId);
  useEffect(() => {
    if (!busy && fetcher.data?.ok) dialog.current?.close();
  }, [busy, fetcher.data]);
  if (targets.length === 0) return null;
  const error = !busy && fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
  return (
    <>
      <button type="button" className="button small" disabled={disabled} onClick={() => dialog.current?.showModal()}>
        {t("handoff.open")}
      </button>
      <dialog ref={dialog} className="dialog handoff-dialog" aria-labelledby="handoff-title">
        <fetcher.Form method="post" className="form-stack">
          <h2 id="handoff-title">{t("handoff.title")}</h2>
          <input type="hidden" name="intent" value="handoff" />
          {error ? (
            <div className="alert error" role="alert">
              {error}
            </div>
          ) : null}
          <label className="field">
            {t("conversation.department")}
            <select name="departmentId" required defaultValue={targets[0]?.id}>
              <NamedOptions items={targets} />
            </select>
          </label>
          <label className="field">
            {t("handoff.note")}
            <textarea name="note" rows={4} maxLength={20000} placeholder={t("handoff.notePlaceholder")} />
          </label>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => dialog.current?.close()}>
              {t("handoff.cancel")}
            </button>
            <button type="submit" className="button primary" disabled={busy}>
              {t("handoff.submit")}
            </button>
          </div>
        </fetcher.Form>
      </dialog>
    </>
  );
}
