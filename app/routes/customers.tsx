import { Link, useRouteLoaderData, useSearchParams } from "react-router";
import type { Route } from "./+types/customers";
import type { loader as layoutLoader } from "./app-layout";
import { customerSortSchema, type CustomerFilter, parseFilterParam } from "~/common/customer-filter.ts";
import { requireUser } from "~/app/lib/auth.server.ts";
import { createSegment, deleteSegment, listAttributes, listCustomers, listSegments } from "~/app/lib/customers.server.ts";
import { actionResult, isAppError } from "~/app/lib/errors.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";
import { pageTitle } from "~/app/lib/page-title.ts";
import { useI18n } from "~/app/i18n/index.ts";
import { FilterBuilder } from "~/app/components/customers/filter-builder.tsx";
import { CustomerTable } from "~/app/components/customers/customer-table.tsx";
import { SegmentList } from "~/app/components/customers/segment-list.tsx";
import "~/app/i18n/pages/customers.ts";

/** The list's state lives in the URL: entity, filter (JSON), sort, dir, cursor, columns, segment. */
function readParams(url: URL) {
  const p = url.searchParams;
  return {
    entity: p.get("entity") === "company" ? ("company" as const) : ("contact" as const),
    filter: parseFilterParam(p.get("filter")),
    sort: customerSortSchema.catch("createdAt").parse(p.get("sort")),
    dir: p.get("dir") === "asc" ? ("asc" as const) : ("desc" as const),
    cursor: p.get("cursor") || null,
  };
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const params = readParams(new URL(request.url));
  const list = listCustomers(context.app, user, { ...params, limit: 50 }).then(
    (page) => ({ ...page, error: null as string | null }),
    // A filter the reader may not use (an attribute of another department) is shown, not thrown.
    (error) => {
      if (!isAppError(error)) throw error;
      return { entity: params.entity, items: [], nextCursor: null, total: 0, error: error.message };
    },
  );
  const [page, segments, attributes] = await Promise.all([
    list,
    listSegments(context.app, user),
    listAttributes(context.app, user, params.entity),
  ]);
  return { page, segments: segments.items, attributes: attributes.items, userId: user.id, isAdmin: user.role === "admin" };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireUser(request, context);
  const form = await readForm(request);
  if (form.get("intent") === "delete-segment") {
    return actionResult("delete-segment", () => deleteSegment(context.app, user, String(form.get("id") ?? "")));
  }
  const sharing = String(form.get("sharing") ?? "private");
  return actionResult("save-segment", () =>
    createSegment(context.app, user, {
      name: String(form.get("name") ?? ""),
      filter: parseFilterParam(String(form.get("filter") ?? "")),
      shared: sharing !== "private",
      departmentId: sharing.startsWith("department:") ? sharing.slice("department:".length) : null,
    }),
  );
}

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, "customers.title");

export default function Customers({ loaderData }: Route.ComponentProps) {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const layout = useRouteLoaderData<typeof layoutLoader>("routes/app-layout");
  const entity = loaderData.page.entity;
  const filterJson = params.get("filter") ?? "";
  const filter = parseFilterParam(filterJson);
  const exportQuery = new URLSearchParams([...params].filter(([k]) => ["entity", "filter", "sort", "dir"].includes(k)));

  const change = (next: Record<string, string | null>) =>
    setParams(
      (prev) => {
        const out = new URLSearchParams(prev);
        out.delete("cursor");
        for (const [k, v] of Object.entries(next)) {
          if (v === null) out.delete(k);
          else out.set(k, v);
        }
        return out;
      },
      { replace: true, preventScrollReset: true },
    );
  const onFilter = (f: CustomerFilter) => change({ filter: JSON.stringify(f), segment: null });

  return (
    <div className="page">
      <div className="customers-layout">
        <div className="form-stack">
          <header className="page-header">
            <h1>{t("customers.title")}</h1>
            <nav className="segmented" aria-label={t("customers.title")}>
              {(["contact", "company"] as const).map((e) => (
                <Link
                  key={e}
                  className={`button small${entity === e ? " primary" : ""}`}
                  aria-current={entity === e ? "page" : undefined}
                  to={e === "contact" ? "?" : "?entity=company"}
                >
                  {t(e === "contact" ? "customers.contacts" : "customers.companies")}
                </Link>
              ))}
            </nav>
            <span className="muted" role="status" aria-live="polite" data-testid="customer-count" style={{ marginLeft: "auto" }}>
              {t("customers.count", { count: loaderData.page.total })}
            </span>
            <a className="button small" href={`/customers/export?${exportQuery}`} download>
              {t("customers.export")}
            </a>
          </header>
          <FilterBuilder
            key={`${entity}:${params.get("segment") ?? ""}`}
            entity={entity}
            filter={filter}
            attributes={loaderData.attributes}
            onChange={onFilter}
          />
          {loaderData.page.error ? <div className="alert error">{loaderData.page.error}</div> : null}
          <CustomerTable
            entity={entity}
            rows={loaderData.page.items}
            attributes={loaderData.attributes}
            columns={(params.get("columns") ?? "").split(",").filter(Boolean)}
            sort={params.get("sort") ?? "createdAt"}
            dir={params.get("dir") === "asc" ? "asc" : "desc"}
            onChange={change}
            nextCursor={loaderData.page.nextCursor}
            paged={Boolean(params.get("cursor"))}
          />
        </div>
        <SegmentList
          segments={loaderData.segments}
          current={params.get("segment")}
          filterJson={entity === "contact" ? JSON.stringify(filter) : null}
          departments={(layout?.directory.departments ?? []).filter((d) => loaderData.isAdmin || layout?.user.departmentIds.includes(d.id))}
          canDelete={(s) => loaderData.isAdmin || s.ownerId === loaderData.userId}
        />
      </div>
    </div>
  );
}

export { RouteErrorPane as ErrorBoundary } from "~/app/components/route-error.tsx";
