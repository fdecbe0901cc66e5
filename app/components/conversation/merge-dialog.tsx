import { useRef, useState } from "react";
import { useFetcher, useParams } from "react-router";
import type { ConversationData } from "~/app/lib/conversation.server.ts";
import { useT, type MessageKey } from "~/app/i18n/index.ts";
import { useModalOpenings } from "~/app/hooks/use-modal-openings.ts";
import "~/app/i18n/pages/customers.ts";
import "~/app/i18n/pages/inbox-tools.ts";

export type Other = ConversationData["otherConversations"][number];

export interface MergeDialogProps {
  conversationId: string;
  number: number;
  others: Other[];
  standalone: boolean;
  /** Counts the openings: each one resets the choice and shows the dialog (merge-button.tsx). */
  opens: number;
}

/**
 * "Merge into…": pick another open conversation of the same customer, read what happens, confirm.
 * Only conversations still open can take the merge (the server refuses closed targets too).
 */
export function MergeDialog({ conversationId, number, others, standalone, opens }: MergeDialogProps) {
  const t = useT();
  const { view } = useParams();
  const dialog = useRef<HTMLDialogElement>(null);
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const targets = others.filter((o) => o.status !== "closed" && o.status !== "resolved");
  const [intoId, setIntoId] = useState("");
  const [confirming, setConfirming] = useState(false);
  const busy = fetcher.state !== "idle";
  const into = targets.find((o) => o.id === intoId);
  const firstTarget = targets[0]?.id ?? "";

  useModalOpenings(dialog, opens, () => {
    setIntoId(firstTarget);
    setConfirming(false);
  });
  const error = !busy && fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
  return (
    <dialog ref={dialog} className="dialog merge-dialog" aria-labelledby="merge-conv-title">
      <fetcher.Form method="post" action={`/conversations/${conversationId}/merge`} className="form-stack">
        <h2 id="merge-conv-title">{t("merge.conversation.title")}</h2>
        {error ? (
          <div className="alert error" role="alert">
            {error}
          </div>
        ) : null}
        <input type="hidden" name="intoId" value={intoId} />
        {!standalone && view ? <input type="hidden" name="view" value={view} /> : null}
        {targets.length === 0 ? <p className="muted">{t("merge.conversation.none")}</p> : null}
        {targets.length && !confirming ? (
          <fieldset className="merge-targets">
            <legend>{t("merge.conversation.pick")}</legend>
            {targets.map((o) => (
              <label key={o.id} className="check" data-merge-target={o.id}>
                <input type="radio" name="target" checked={intoId === o.id} onChange={() => setIntoId(o.id)} />
                <span>
                  #{o.number} {o.subject || t("conversation.noSubject")}
                </span>
                <span className={`badge status-${o.status}`}>{t(`status.${o.status}` as MessageKey)}</span>
              </label>
            ))}
          </fieldset>
        ) : null}
        {confirming && into ? <p className="merge-explain">{t("merge.conversation.explain", { number })}</p> : null}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => (confirming ? setConfirming(false) : dialog.current?.close())}>
            {confirming ? t("merge.back") : t("merge.cancel")}
          </button>
          {confirming && into ? (
            // Keys keep these two apart: reusing one element would turn the click on "Continue" into a submit.
            <button key="submit" type="submit" className="button primary" disabled={busy}>
              {busy ? t("merge.merging") : t("merge.conversation.confirm", { number: into.number })}
            </button>
          ) : targets.length ? (
            <button key="next" type="button" className="button primary" disabled={!into} onClick={() => setConfirming(true)}>
              {t("merge.next")}
            </button>
          ) : null}
        </div>
      </fetcher.Form>
    </dialog>
  );
}
