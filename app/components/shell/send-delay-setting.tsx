import { useEffect } from "react";
import { useFetcher } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import { setTabResource, useTabResource } from "~/app/lib/use-tab-resource.ts";
import "~/app/i18n/pages/inbox-tools.ts";

const CHOICES = [0, 5, 10, 20, 30];
const RESOURCE = "/resources/send-delay";

/** The agent's undo window for replies (decision 027), in the account menu; saved at once. */
export function SendDelaySetting() {
  const t = useT();
  const current = useTabResource<{ sendDelaySeconds: number }>(RESOURCE);
  const save = useFetcher<{ ok: boolean; result?: number }>();
  useEffect(() => {
    if (save.state === "idle" && save.data?.ok && save.data.result !== undefined)
      setTabResource(RESOURCE, { sendDelaySeconds: save.data.result });
  }, [save.state, save.data]);
  const pending = save.formData?.get("sendDelaySeconds");
  const value = pending != null ? Number(pending) : current?.sendDelaySeconds;
  return (
    <label className="menu-item send-delay-setting">
      <span>{t("undo.sendDelay")}</span>
      <select
        value={value ?? ""}
        disabled={value === undefined}
        onChange={(e) => save.submit({ sendDelaySeconds: e.target.value }, { method: "post", action: RESOURCE })}
      >
        {value === undefined ? <option value="" /> : null}
        {[...new Set([...CHOICES, ...(value === undefined ? [] : [value])])]
          .sort((a, b) => a - b)
          .map((s) => (
            <option key={s} value={s}>
              {s === 0 ? t("undo.sendDelayOff") : t("undo.sendDelaySeconds", { seconds: s })}
            </option>
          ))}
      </select>
    </label>
  );
}
