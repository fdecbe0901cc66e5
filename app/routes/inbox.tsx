import { Link, Outlet, useFetcher, useLocation, useParams } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/inbox";
import { keepOnConversationSwitch } from "~/app/lib/revalidation.ts";
import { requireUser } from "~/app/lib/auth.server.ts";
import { conversationFilterOrNull, getListDensity, listConversations, parseConversationFilter } from "~/app/lib/domain.server.ts";
import { inboxAction } from "~/app/lib/inbox-actions.server.ts";
import { isAppError, orThrowResponse } from "~/app/lib/errors.server.ts";
import { listAttributes } from "~/app/lib/customers.server.ts";
import { AttributeFilter } from "~/app/components/inbox/attribute-filter.tsx";
import { INBOX_VIEWS, type ListDensity, STATUS_FILTERS } from "~/common/vocabulary.ts";
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
  filter: z.string().min(1).max(8000).nullable().catch(null),
});

export async function loader({ request, context, params }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const url = new URL(request.url);
  const parsed = query.safeParse({
    view: params.view,
    status: url.searchParams.get("status") ?? "active",
    department: url.searchParams.get("department"),
    cursor: url.searchParams.get("cursor"),
    filter: url.searchParams.get("filter"),
  });
  if (!parsed.success) throw new Response("Unknown view", { status: 404 });
  const { view, status, department, cursor, filter } = parsed.data;
  const list = async () =>
    listConversations(context.app, user, {
      view,
      status,
      departmentId: department ?? undefined,
      filter: parseConversationFilter(filter),
      cursor,
      limit: 30,
    });
  // A filter the agent may not use (a mistyped URL, another department's attribute) is shown, not thrown.
  const [page, attributes, density] = await Promise.all([
    orThrowResponse(
      list().then(
        (p) => ({ ...p, filterError: null as string | null }),
        (error) => {
          if (!isAppError(error) || error.status !== 400) throw error;
          return { items: [], nextCursor: null, filterError: error.message };
        },
      ),
    ),
    listAttributes(context.app, user),
    getListDensity(context.app, user),
  ]);
  return {
    filter: { view, status, departmentId: department, attributes: filter },
    activeFilter: conversationFilterOrNull(filter),
    attributes: attributes.items,
    density,
    ...page,
  };
}

/** A conversation switch reloads only the conversation (issue 10). */
export const shouldRevalidate = keepOnConversationSwitch;

/** Bulk actions on the list's selection, and the list density (issue 10). */
export const action = inboxAction;

export const meta: Route.MetaFunction = ({ params, matches }) =>
  pageTitle(matches, INBOX_VIEWS.includes(params.view as never) ? (`inbox.title.${params.view}` as MessageKey) : "inbox.title.all");

export default function Inbox({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { conversationId } = useParams();
  const { filter } = loaderData;
  const { search } = useLocation();
  // A slow switch shows at once which conversation is coming, in the list and in the pane.
  const pendingId = /^\/inbox\/[^/]+\/([^/]+)$/.exec(usePendingPath() ?? "")?.[1] ?? null;
  const pending = pendingId !== null && pendingId !== conversationId;
  // The agent's choice shows at once; the loader has it from the next load on.
  const densityFetcher = useFetcher({ key: "list-density" });
  const density = (densityFetcher.formData?.get("density") as ListDensity | null) ?? loaderData.density;
  return (
    <div
      className={`inbox${conversationId || pending ? " has-selection" : ""}${pending ? " pending-conversation" : ""}`}
      data-density={density}
      aria-busy={pending || undefined}
    >
      <ConversationList
        key={`${filter.view}:${filter.status}:${filter.departmentId ?? ""}:${filter.attributes ?? ""}`}
        filter={filter}
        items={loaderData.items}
        nextCursor={loaderData.nextCursor}
        selectedId={conversationId ?? null}
        pendingId={pending ? pendingId : null}
        filterBar={<AttributeFilter attributes={loaderData.attributes} filter={loaderData.activeFilter} error={loaderData.filterError} />}
        density={density}
      />
      {conversationId ? (
        <>
          {/* Narrow screens show one pane at a time; this leads back to the list (hidden otherwise). */}
          <Link className="back-to-list" to={`/inbox/${filter.view}${search}`}>
            <span aria-hidden>←</span> {t("inbox.backToList")}
          </Link>
          <Outlet />
        </>
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
