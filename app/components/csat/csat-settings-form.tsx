import { useFetcher } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import { FormResult } from "~/app/components/admin/form-result.tsx";
import type { action } from "~/app/routes/resources/csat-settings.ts";
import "~/app/i18n/pages/admin.ts";

/** The satisfaction-survey toggle and quiet period of one inbox or department (admin pages). */
export function CsatSettingsForm(props: {
  target: "inbox" | "department";
  id: string;
  settings: { enabled: boolean; quietPeriodDays: number };
}) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const busy = fetcher.state !== "idle";
  return (
    <fetcher.Form method="post" action="/resources/csat-settings" className="csat-settings" aria-label={t("csat.settings")}>
      <input type="hidden" name="target" value={props.target} />
      <input type="hidden" name="id" value={props.id} />
      <strong className="small">{t("csat.settings")}</strong>
      <label className="check">
        <input type="checkbox" name="enabled" defaultChecked={props.settings.enabled} /> {t("csat.settingsEnabled")}
      </label>
      <label className="field inline">
        {t("csat.settingsQuiet")}
        <input type="number" name="quietPeriodDays" min={1} max={365} required defaultValue={props.settings.quietPeriodDays} />
      </label>
      <span className="small muted">{t("csat.settingsHint")}</span>
      <FormResult data={fetcher.data} busy={busy} okText={t("csat.settingsSaved")} />
      <button type="submit" className="button small" disabled={busy}>
        {t("csat.settingsSave")}
      </button>
    </fetcher.Form>
  );
}
