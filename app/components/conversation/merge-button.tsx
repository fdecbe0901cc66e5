import { lazy, Suspense, useState } from "react";
import { useT } from "~/app/i18n/index.ts";
import type { MergeDialogProps } from "./merge-dialog.tsx";

// The dialog's code loads on the first click.
const MergeDialog = lazy(() => import("./merge-dialog.tsx").then((m) => ({ default: m.MergeDialog })));

/** The header's "Merge into…" button; the dialog (merge-dialog.tsx) mounts on the first opening and stays. */
export function MergeButton({ disabled, ...dialog }: Omit<MergeDialogProps, "opens"> & { disabled: boolean }) {
  const t = useT();
  const [opens, setOpens] = useState(0);
  return (
    <>
      <button type="button" className="button small" disabled={disabled} onClick={() => setOpens((n) => n + 1)}>
        {t("merge.conversation.open")}
      </button>
      {opens ? (
        <Suspense fallback={null}>
          <MergeDialog {...dialog} opens={opens} />
        </Suspense>
      ) : null}
    </>
  );
}
