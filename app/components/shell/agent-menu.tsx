import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { useLocation } from "react-router";
import { useI18n } from "~/app/i18n/index.ts";
import { Avatar } from "~/app/components/avatar.tsx";
import { useSocket } from "~/app/realtime/socket-provider.tsx";
import { useSocketEvent } from "~/app/realtime/hooks.ts";
import type { MenuUser } from "./agent-menu-popover.tsx";

import { type AgentStatus, STATUS_COLOR } from "./agent-status.ts";

const AgentMenuPopover = lazy(() => import("./agent-menu-popover.tsx").then((m) => ({ default: m.AgentMenuPopover })));

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

export function AgentMenu({ user }: { user: MenuUser & { status?: AgentStatus } }) {
  const { t, locale } = useI18n();
  const agentStatus = useAgentStatus(user.id, user.status ?? "online");
  const location = useLocation();
  const ref = useRef<HTMLDetailsElement>(null);
  // The menu's contents load the first time it opens.
  const [opened, setOpened] = useState(false);

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
    <details className="agent-menu" ref={ref} onToggle={(e) => e.currentTarget.open && setOpened(true)}>
      <summary>
        <span className="avatar-with-status">
          <Avatar id={user.id} name={user.name} size="small" />
          <span className="status-dot" style={{ background: STATUS_COLOR[agentStatus.status] }} data-agent-status={agentStatus.status} />
        </span>
        <span>{user.name}</span>
        <span className="visually-hidden">{t("menu.account")}</span>
      </summary>
      {opened ? (
        <Suspense fallback={null}>
          <AgentMenuPopover user={user} status={agentStatus.status} onStatus={agentStatus.set} />
        </Suspense>
      ) : null}
    </details>
  );
}
