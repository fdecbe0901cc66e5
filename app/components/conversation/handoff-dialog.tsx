import { useEffect, useRef } from "react";
import { useFetcher } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import { useModalOpenings } from "~/app/hooks/use-modal-openings.ts";
import { NamedOptions } from "~/app/components/named-options.tsx";
import "~/app/i18n/pages/inbox-tools.ts";

/** "Hand off…": move the conversation to another department with a note for whoever picks it up. */
export function HandoffDialog({ targets, opens }: { targets: { id: string; name: string }[]; opens: number }) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const busy = fetcher.state !== "idle";
  useModalOpenings(dialog, opens);
  useEffect(() => {
    if (!busy && fetcher.data?.ok) dialog.current?.close();
  }, [busy, fetcher.data]);
  const error = !busy && fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
  return (
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
  );
}
