import { useT } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/inbox-tools.ts";
import type { DesktopState } from "./use-desktop-notifications.ts";

const stateText = {
  on: "notify.desktop.on",
  off: "notify.desktop.off",
  "not-asked": "notify.desktop.notAsked",
  blocked: "notify.desktop.blocked",
  unsupported: "notify.desktop.unsupported",
} as const;

/** The footer of the notifications menu: what desktop notifications do now, and the switch. */
export function DesktopNotificationsToggle({
  state,
  enable,
  disable,
}: {
  state: DesktopState;
  enable: () => Promise<void>;
  disable: () => void;
}) {
  const t = useT();
  if (state === "unknown") return null;
  return (
    <div
      className="desktop-notify"
      data-state={state}
      style={{ borderTop: "1px solid var(--border)", padding: 8, display: "grid", gap: 6 }}
    >
      <p className="muted small" style={{ margin: 0 }} role="status">
        {t(stateText[state])}
      </p>
      {state === "not-asked" || state === "off" ? (
        <button type="button" className="button small" onClick={() => void enable()}>
          {t("notify.desktop.enable")}
        </button>
      ) : null}
      {state === "on" ? (
        <button type="button" className="button ghost small" onClick={disable}>
          {t("notify.desktop.disable")}
        </button>
      ) : null}
    </div>
  );
}
