import { lazy, Suspense, useState } from "react";
import { useT } from "~/app/i18n/index.ts";
import { useWorkspace } from "~/app/lib/workspace.ts";

// The dialog's code loads on the first click.
const HandoffDialog = lazy(() => import("./handoff-dialog.tsx").then((m) => ({ default: m.HandoffDialog })));

/** The header's "Hand off…" button, shown when another department exists; the dialog is handoff-dialog.tsx. */
export function HandoffButton({ departmentId, disabled }: { departmentId: string | null; disabled: boolean }) {
  const t = useT();
  const { directory } = useWorkspace();
  const [opens, setOpens] = useState(0);
  const targets = directory.departments.filter((d) => d.id !== departmentId);
  if (targets.length === 0) return null;
  return (
    <>
      <button type="button" className="button small" disabled={disabled} onClick={() => setOpens((n) => n + 1)}>
        {t("handoff.open")}
      </button>
      {opens ? (
        <Suspense fallback={null}>
          <HandoffDialog targets={targets} opens={opens} />
        </Suspense>
      ) : null}
    </>
  );
}
