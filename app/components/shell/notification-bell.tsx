import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { useFetcher, useLocation, useNavigate } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import { useSocketEvent } from "~/app/realtime/hooks.ts";
import { BellIcon } from "~/app/components/icons.tsx";
import { useDesktopNotifications } from "./use-desktop-notifications.ts";
import { notificationText } from "./notification-text.ts";
import type { NotificationItem as Item } from "./notification-panel.tsx";

const NotificationPanel = lazy(() => import("./notification-panel.tsx").then((m) => ({ default: m.NotificationPanel })));

/** Mentions, assignments and customer replies for this agent; live through `notification:created`. */
export function NotificationBell({ initialUnread }: { initialUnread: number }) {
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const list = useFetcher<{ items: Item[]; unreadCount: number }>();
  const mark = useFetcher();
  const [unread, setUnread] = useState(initialUnread);
  const ref = useRef<HTMLDetailsElement>(null);
  // The list's code loads the first time the bell opens.
  const [opened, setOpened] = useState(false);
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
        if (!(e.currentTarget as HTMLDetailsElement).open) return;
        setOpened(true);
        list.load("/resources/notifications");
      }}
    >
      <summary aria-label={t("notifications.title")}>
        <BellIcon className="nav-icon" />
        {unread > 0 ? <span className="bell-count">{unread > 99 ? "99+" : unread}</span> : null}
      </summary>
      {opened ? (
        <Suspense fallback={null}>
          <NotificationPanel
            items={list.data?.items}
            unread={unread}
            onMarkAll={() => {
              mark.submit({ all: "true" }, { method: "post", action: "/resources/notifications" });
              setUnread(0);
            }}
            onOpen={open}
            desktop={desktop}
          />
        </Suspense>
      ) : null}
    </details>
  );
}
