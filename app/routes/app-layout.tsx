import { lazy, Suspense, useRef, useState } from "react";
import { data, Link, Outlet, useNavigate } from "react-router";
import type { Route } from "./+types/app-layout";
import { keepOnConversationSwitch } from "~/app/lib/revalidation.ts";
import { requireUser, sessionRefreshHeaders } from "~/app/lib/auth.server.ts";
import { canSeeDepartment, countConversations, describeChannels, listDirectory, listNotifications } from "~/app/lib/domain.server.ts";
import { ChannelsProvider } from "~/app/lib/channels.tsx";
import { SocketProvider } from "~/app/realtime/socket-provider.tsx";
import { useConversationChanges, useDebounced } from "~/app/realtime/hooks.ts";
import { useNavCounts } from "~/app/realtime/use-nav-counts.ts";
import { SideNav } from "~/app/components/shell/side-nav.tsx";
import { TopBar } from "~/app/components/shell/top-bar.tsx";
import { OfflineBar } from "~/app/components/shell/offline-bar.tsx";
import { ToastProvider } from "~/app/components/toast/toast-provider.tsx";
import { useHotkeys } from "~/app/hooks/use-hotkeys.ts";
import { useTabTitleCount } from "~/app/hooks/use-tab-title-count.ts";
import { useT } from "~/app/i18n/index.ts";

// The shortcut list loads the first time "?" asks for it.
const ShortcutsHelp = lazy(() => import("~/app/components/shortcuts-help.tsx").then((m) => ({ default: m.ShortcutsHelp })));

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const [counts, directory, notifications] = await Promise.all([
    countConversations(context.app, user),
    listDirectory(context.app),
    listNotifications(context.app, user, { unread: true, limit: 1 }),
  ]);
  return data(
    {
      user,
      counts,
      countsAt: Date.now(),
      directory,
      // A restricted department's views are only for its members (and admins).
      navDepartments: directory.departments.filter((d) => canSeeDepartment(user, d)),
      unreadNotifications: notifications.unreadCount,
      channels: describeChannels(context.app),
    },
    { headers: await sessionRefreshHeaders(request, context) },
  );
}

/** A conversation switch reloads only the conversation (issue 10). */
export const shouldRevalidate = keepOnConversationSwitch;

type Counts = Route.ComponentProps["loaderData"]["counts"];

/**
 * Nav counts stay current: any conversation change may move a count, so the counts alone are
 * reloaded (debounced); whichever of that and the layout loader is newer wins.
 */
function useLiveCounts(fromLoader: Counts, loaderAt: number): Counts {
  const counts = useNavCounts();
  // Short enough that the counts follow the list (issue 10: 1.5 s lagged visibly), long enough that a
  // burst of updates still costs one request.
  const refresh = useDebounced(counts.refresh, 200);
  useConversationChanges(refresh);
  return counts.data && counts.data.at > loaderAt ? counts.data.counts : fromLoader;
}

function Shell({ loaderData, onHelp }: { loaderData: Route.ComponentProps["loaderData"]; onHelp: () => void }) {
  const t = useT();
  const counts = useLiveCounts(loaderData.counts, loaderData.countsAt);
  // What waits for this agent: unread conversations assigned to them or to nobody.
  useTabTitleCount(counts.unread.mine + counts.unread.unassigned);
  return (
    <div className="shell">
      <Link className="brand" to="/inbox/mine">
        <span className="brand-mark" aria-hidden />
        <span>{t("app.name")}</span>
      </Link>
      <TopBar
        user={{ ...loaderData.user, status: loaderData.directory.users.find((u) => u.id === loaderData.user.id)?.status }}
        unreadNotifications={loaderData.unreadNotifications}
        onHelp={onHelp}
      />
      <SideNav user={loaderData.user} counts={counts} departments={loaderData.navDepartments} />
      <main className="main" id="main">
        <Outlet />
      </main>
      <OfflineBar />
    </div>
  );
}

export default function AppLayout({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const help = useRef<HTMLDialogElement>(null);
  const [helpOpens, setHelpOpens] = useState(0);
  const showHelp = () => setHelpOpens((n) => n + 1);
  const navigate = useNavigate();
  useHotkeys({
    "?": () => (help.current?.open ? help.current.close() : showHelp()),
    "/": () => {
      const input = document.getElementById("global-search") as HTMLInputElement | null;
      if (input) input.focus();
      else navigate("/search");
    },
  });
  return (
    <SocketProvider>
      <ChannelsProvider value={loaderData.channels}>
        <a className="skip-link" href="#main">
          {t("app.skipToContent")}
        </a>
        <ToastProvider>
          <Shell loaderData={loaderData} onHelp={showHelp} />
        </ToastProvider>
        {helpOpens ? (
          <Suspense fallback={null}>
            <ShortcutsHelp dialogRef={help} opens={helpOpens} />
          </Suspense>
        ) : null}
      </ChannelsProvider>
    </SocketProvider>
  );
}
