import { useEffect, useRef, useState } from "react";
import { Form, useLocation } from "react-router";
import { locales, useI18n, type MessageKey } from "~/app/i18n/index.ts";
import { SendDelaySetting } from "./send-delay-setting.tsx";
import { Avatar } from "~/app/components/avatar.tsx";
import { useSocket } from "~/app/realtime/socket-provider.tsx";
import { useSocketEvent } from "~/app/realtime/hooks.ts";

type AgentStatus = "online" | "away" | "offline";
const STATUS_COLOR: Record<AgentStatus, string> = { online: "#2f9e44", away: "#e0a100", offline: "#adb5bd" };

/** Online / away, as auto-assignment sees it; changed from any tab, shown in all of them. */
function useAgentStatus(userId: string, initial: AgentStatus) {
  const { socket, connected } = useSocket();
  const [status, setStatus] = useState<AgentStatus>(initial);
  useSocketEvent("agent:status-changed", (e) => {
    const mine = e.changes.findLast((c) => c.userId === userId);
    if (mine) setStatus(mine.status);
  });
  const set = (next: "online" | "away") => {
    setStatus(next);
    socket?.emit("agent:set-status", { status: next }, () => {});
  };
  return { status: connected ? status : "offline", set };
}

export function AgentMenu({ user }: { user: { id: string; name: string; email: string; role: string; status?: AgentStatus } }) {
  const { t, locale } = useI18n();
  const agentStatus = useAgentStatus(user.id, user.status ?? "online");
  const location = useLocation();
  const ref = useRef<HTMLDetailsElement>(null);

  // Close when clicking elsewhere or navigating.
  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) ref.current.open = false;
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the route and locale are triggers: the menu closes when either changes
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [location.pathname, locale]);

  return (
    <details className="agent-menu" ref={ref}>
      <summary>
        <span className="avatar-with-status">
          <Avatar id={user.id} name={user.name} size="small" />
          <span className="status-dot" style={{ background: STATUS_COLOR[agentStatus.status] }} data-agent-status={agentStatus.status} />
        </span>
        <span>{user.name}</span>
        <span className="visually-hidden">{t("menu.account")}</span>
      </summary>
      <div className="menu-popover">
        <div className="menu-header">
          <strong>{user.name}</strong>
          <span className="muted small">{t("menu.signedInAs", { email: user.email })}</span>
          <div className="small muted">{t(`role.${user.role}` as MessageKey)}</div>
        </div>
        <div className="menu-section-label">{t("menu.status")}</div>
        {(["online", "away"] as const).map((s) => (
          <button key={s} type="button" className="menu-item" aria-current={agentStatus.status === s} onClick={() => agentStatus.set(s)}>
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
    </details>
  );
}
