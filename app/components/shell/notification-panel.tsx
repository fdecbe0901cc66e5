import type { NotificationText } from "~/common/notification-text.ts";
import { useT } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/inbox-tools.ts";
import { TimeAgo } from "~/app/components/time-ago.tsx";
import { DesktopNotificationsToggle } from "./desktop-notifications-toggle.tsx";
import type { useDesktopNotifications } from "./use-desktop-notifications.ts";
import { notificationText } from "./notification-text.ts";

export interface NotificationItem {
  id: string;
  kind: string;
  title: string;
  text?: NotificationText | null;
  conversationId: string | null;
  read: boolean;
  createdAt: string;
}

/** The bell's list (notification-bell.tsx): mark all read, each notification, the desktop toggle. */
export function NotificationPanel(props: {
  items: NotificationItem[] | undefined;
  unread: number;
  onMarkAll: () => void;
  onOpen: (item: NotificationItem) => void;
  desktop: ReturnType<typeof useDesktopNotifications>;
}) {
  const { items, unread, onMarkAll, onOpen, desktop } = props;
  const t = useT();
  return (
    <div className="menu-popover notifications-popover">
      <div className="menu-header notifications-header">
        <strong>{t("notifications.title")}</strong>
        {unread > 0 ? (
          <button type="button" className="button ghost small" onClick={onMarkAll}>
            {t("notifications.markAll")}
          </button>
        ) : null}
      </div>
      {items && items.length === 0 ? (
        <p className="muted small" style={{ padding: 8 }}>
          {t("notifications.empty")}
        </p>
      ) : null}
      <ul className="plain-list" style={{ gap: 0 }}>
        {items?.map((n) => (
          <li key={n.id}>
            <button type="button" className={`menu-item notification${n.read ? "" : " unread"}`} onClick={() => onOpen(n)}>
              <span className="notification-title">{notificationText(n, t)}</span>
              <TimeAgo className="muted small" iso={n.createdAt} />
            </button>
          </li>
        ))}
      </ul>
      <DesktopNotificationsToggle {...desktop} />
    </div>
  );
}
