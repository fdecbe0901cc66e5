import { Outlet, useParams } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/inbox";
import { requireUser } from "~/app/lib/auth.server.ts";
import { listConversations } from "~/app/lib/domain.server.ts";
import { orThrowResponse } from "~/app/lib/errors.server.ts";
import { INBOX_VIEWS, STATUS_FILTERS } from "~/common/vocabulary.ts";
import { ConversationList } from "~/app/components/inbox/conversation-list.tsx";
import { useT, type MessageKey } from "~/app/i18n/index.ts";
import { InboxIcon } from "~/app/components/icons.tsx";
import { usePendingPath } from "~/app/hooks/use-pending-navigation.ts";
import { pageTitle } from "~/app/lib/page-title.ts";

const query = z.object({
  view: z.enum(INBOX_VIEWS),
  status: z.enum(STATUS_FILTERS).catch("active"),
  department: z.string().min(1).max(64).nullable().catch(null),
  cursor: z.string().min(1).max(200).nullable().catch(null),
});

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const parsed = query.safeParse({
    view: params.view,
    status: url.searchParams.get("status") ?? "active",
    department: url.searchParams.get("department"),
    cursor: url.searchParams.get("cursor"),
  });
  if (!parsed.success) throw new Response("Unknown view", { status: 404 });
  const { view, status, department, cursor } = parsed.data;
  const page = await orThrowResponse(
    listConversations(context.app, user, { view, status, departmentId: department ?? undefined, cursor, limit: 30 }),
  );
  return { filter: { view, status, departmentId: department }, ...page };
}

export const meta: Route.MetaFunction = ({ params, matches }) =>
  pageTitle(matches, INBOX_VIEWS.includes(params.view as never) ? (`inbox.title.${params.view}` as MessageKey) : "inbox.title.all");

export default function Inbox({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { conversationId } = useParams();
  const { filter } = loaderData;
  // A slow switch shows at once which conversation is coming, in the list and in the pane.
  const pendingId = /^\/inbox\/[^/]+\/([^/]+)$/.exec(usePendingPath() ?? "")?.[1] ?? null;
  const pending = pendingId !== null && pendingId !== conversationId;
  return (
    <div
      className={`inbox${conversationId || pending ? " has-selection" : ""}${pending ? " pending-conversation" : ""}`}
      aria-busy={pending || undefined}
    >
      <ConversationList
        key={`${filter.view}:${filter.status}:${filter.departmentId ?? ""}`}
        filter={filter}
        items={loaderData.items}
        nextCursor={loaderData.nextCursor}
        selectedId={conversationId ?? null}
        pendingId={pending ? pendingId : null}
      />
      {conversationId ? (
        <Outlet />
      ) : (
        <div className="empty-state">
          <InboxIcon className="empty-icon" />
          <strong>{t("inbox.selectConversation")}</strong>
          <span>{t("inbox.selectHint")}</span>
        </div>
      )}
    </div>
  );
}
