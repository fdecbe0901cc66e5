import { useEffect, useRef, useState } from "react";
import { useFetcher, useLocation, useNavigate } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import { useSocketEvent } from "~/app/realtime/hooks.ts";
import { BellIcon } from "~/app/components/icons.tsx";
import { TimeAgo } from "~/app/components/time-ago.tsx";
import { DesktopNotificationsToggle } from "./desktop-notifications-toggle.tsx";
import { useDesktopNotifications } from "./use-desktop-notifications.ts";
import { notificationText } from "./notification-text.ts";
import type { NotificationText } from "~/common/notification-text.ts";

interface Item {
  id: string;
  kind: string;
  title: string;
  text?: NotificationText | null;
  conversationId: string | null;
  read: boolean;
  createdAt: string;
}

/** Mentions, assignments and customer replies for this agent; live through `notification:created`. */
export function NotificationBell({ initialUnread }: { initialUnread: number }) {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const list = useFetcher<{ items: Item[]; unreadCount: number }>();
  const mark = useFetcher();
  const [unread, setUnread] = useState(initialUnread);
  const ref = useRef<HTMLDetailsElement>(null);
  const desktop = useDesktopNotifications();

  useEffect(() => setUnread(initialUnread), [initialUnread]);
  useEffect(() => {
    if (list.data) setUnread(list.data.unreadCount);
  }, [list.data]);
  useSocketEvent("notification:created", (e) => {
    setUnread((n) => n + 1);
    if (ref.current?.open) list.load("/resources/notifications");
    desktop.show(notificationText(e, t), { body: kindText(e.kind), tag: e.id, onClick: () => open({ ...e, read: false }) });
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: the route is a trigger: the menu closes on navigation
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [location.pathname]);
  useEffect(() => {
    const onClick = (e: MouseEvent) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) ref.current.open = false;
    };
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, []);

  const kindText = (kind: string) =>
    kind === "mention" || kind === "assignment" || kind === "reply" || kind === "handoff" || kind === "sla" || kind === "automation"
      ? t(`notify.kind.${kind}`)
      : t("notify.kind.other");

  const open = (item: Item) => {
    if (!item.read) {
      // A plain request, not a fetcher: a fetcher action finishing while the navigation below loads a
      // route not yet discovered throws "Didn't find any matches after fetcher action" in React Router.
      void fetch("/resources/notifications", { method: "POST", body: new URLSearchParams({ id: item.id }) });
      setUnread((n) => Math.max(0, n - 1));
    }
    if (item.conversationId) navigate(`/conversations/${item.conversationId}`);
  };

  return (
    <details
      className="popover-menu notification-bell"
      ref={ref}
      onToggle={(e) => {
        if ((e.currentTarget as HTMLDetailsElement).open) list.load("/resources/notifications");
      }}
    >
      <summary aria-label={t("notifications.title")}>
        <BellIcon className="nav-icon" />
        {unread > 0 ? <span className="bell-count">{unread > 99 ? "99+" : unread}</span> : null}
      </summary>
      <div className="menu-popover notifications-popover">
        <div className="menu-header notifications-header">
          <strong>{t("notifications.title")}</strong>
          {unread > 0 ? (
            <button
              type="button"
              className="button ghost small"
              onClick={() => {
                mark.submit({ all: "true" }, { method: "post", action: "/resources/notifications" });
                setUnread(0);
              }}
            >
              {t("notifications.markAll")}
            </button>
          ) : null}
        </div>
        {list.data && list.data.items.length === 0 ? (
          <p className="muted small" style={{ padding: 8 }}>
            {t("notifications.empty")}
          </p>
        ) : null}
        <ul className="plain-list" style={{ gap: 0 }}>
          {list.data?.items.map((n) => (
            <li key={n.id}>
              <button type="button" className={`menu-item notification${n.read ? "" : " unread"}`} onClick={() => open(n)}>
                <span className="notification-title">{notificationText(n, t)}</span>
                <TimeAgo className="muted small" iso={n.createdAt} />
              </button>
            </li>
          ))}
        </ul>
        <DesktopNotificationsToggle {...desktop} />
      </div>
    </details>
  );
}
