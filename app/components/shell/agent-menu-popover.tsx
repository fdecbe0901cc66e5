import { Form, useLocation } from "react-router";
import { locales, useI18n, type MessageKey } from "~/app/i18n/index.ts";
import { SendDelaySetting } from "./send-delay-setting.tsx";
import { type AgentStatus, STATUS_COLOR } from "./agent-status.ts";
import "~/app/i18n/pages/inbox-tools.ts";

export type MenuUser = { id: string; name: string; email: string; role: string };

/** The account menu's contents (agent-menu.tsx): status, language, the undo window, sign out. */
export function AgentMenuPopover({
  user,
  status,
  onStatus,
}: {
  user: MenuUser;
  status: AgentStatus;
  onStatus: (s: "online" | "away") => void;
}) {
  const { t, locale } = useI18n();
  const location = useLocation();
  return (
    <div className="menu-popover">
      <div className="menu-header">
        <strong>{user.name}</strong>
        <span className="muted small">{t("menu.signedInAs", { email: user.email })}</span>
        <div className="small muted">{t(`role.${user.role}` as MessageKey)}</div>
      </div>
      <div className="menu-section-label">{t("menu.status")}</div>
      {(["online", "away"] as const).map((s) => (
        <button key={s} type="button" className="menu-item" aria-current={status === s} onClick={() => onStatus(s)}>
          <span className="dot" style={{ background: STATUS_COLOR[s] }} aria-hidden />
          {t(`menu.status.${s}`)}
        </button>
      ))}
      <div className="menu-section-label">{t("menu.language")}</div>
      {/* A full page load: the new language's strings are fetched before the page hydrates. */}
      <Form method="post" action="/locale" reloadDocument>
        <input type="hidden" name="next" value={location.pathname + location.search} />
        {locales.map((l) => (
          <button key={l.code} className="menu-item" type="submit" name="locale" value={l.code} aria-current={l.code === locale}>
            {l.label}
          </button>
        ))}
      </Form>
      <SendDelaySetting />
      <Form method="post" action="/logout">
        <button className="menu-item" type="submit" style={{ borderTop: "1px solid var(--border)", marginTop: 6, paddingTop: 8 }}>
          {t("menu.logout")}
        </button>
      </Form>
    </div>
  );
}
