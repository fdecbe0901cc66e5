import { Form, useSearchParams } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import { useSocket } from "~/app/realtime/socket-provider.tsx";
import { SearchIcon } from "~/app/components/icons.tsx";
import { AgentMenu } from "./agent-menu.tsx";
import { NotificationBell } from "./notification-bell.tsx";

interface Props {
  user: { id: string; name: string; email: string; role: string; status?: "online" | "away" | "offline" };
  unreadNotifications: number;
  onHelp: () => void;
}

export function TopBar({ user, unreadNotifications, onHelp }: Props) {
  const t = useT();
  const { socket, connected } = useSocket();
  const [params] = useSearchParams();
  return (
    <header className="topbar">
      <Form className="topbar-search" action="/search" role="search">
        <SearchIcon />
        <label className="visually-hidden" htmlFor="global-search">
          {t("topbar.searchLabel")}
        </label>
        <input
          id="global-search"
          type="search"
          name="q"
          defaultValue={params.get("q") ?? ""}
          placeholder={t("topbar.searchPlaceholder")}
          autoComplete="off"
          onKeyDown={(e) => {
            if (e.key === "Escape") e.currentTarget.blur();
          }}
        />
      </Form>
      <div className="topbar-spacer" />
      {/* Only after the first connection attempt, so a page load does not flash "reconnecting". */}
      {socket && !connected && socket.io.engine ? <span className="connection-state">{t("topbar.connectionLost")}</span> : null}
      <button type="button" className="button ghost small shortcut-hint" onClick={onHelp}>
        {t("topbar.shortcutsHint")}
      </button>
      <NotificationBell initialUnread={unreadNotifications} />
      <AgentMenu user={user} />
    </header>
  );
}
