import { useFetcher } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/admin.ts";

/** Inline capacity editor on a user row (how much auto-assignment may give the agent). */
export function CapacityForm({ userId, capacity }: { userId: string; capacity: number }) {
  const t = useT();
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const busy = fetcher.state !== "idle";
  const error = !busy && fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
  return (
    <fetcher.Form method="post" className="inline-form" data-capacity-for={userId}>
      <input type="hidden" name="intent" value="capacity" />
      <input type="hidden" name="userId" value={userId} />
      <input
        type="number"
        name="capacity"
        min={0}
        max={1000}
        required
        defaultValue={capacity}
        aria-label={t("admin.capacity")}
        title={t("admin.capacityHint")}
      />
      <button className="button small" type="submit" disabled={busy}>
        {busy ? t("admin.saving") : t("admin.save")}
      </button>
      {error ? (
        <span className="small error-text" role="alert">
          {error}
        </span>
      ) : null}
      {!busy && fetcher.data?.ok ? (
        <span className="small muted" role="status">
          {t("admin.saved")}
        </span>
      ) : null}
    </fetcher.Form>
  );
}
