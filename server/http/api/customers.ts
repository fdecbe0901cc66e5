import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { listCustomers } from "~/server/domain/customers/list-customers.ts";
import { exportCustomersCsv } from "~/server/domain/customers/export-customers.ts";
import { apiRouter } from "./api-router.ts";
import { queryParams } from "./query.ts";

/** The customer list (issue 14): `filter` is the JSON of the filter language (docs/decisions/022-filter-language.md). */
export function customerRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.get(
    "/customers",
    {
      summary: "Contacts or companies (entity) matching a filter (JSON), sorted, keyset paginated, with the total",
      query: queryParams("entity", "filter", "sort", "dir", "cursor", "limit"),
    },
    route(async (req, res) => {
      res.json(await listCustomers(ctx, await requireActor(ctx, req, res), req.query));
    }),
  );
  api.get(
    "/customers/export",
    {
      summary: "Every contact or company matching a filter, or a segment's contacts (segmentId), as CSV (UTF-8 with BOM)",
      query: queryParams("entity", "filter", "sort", "dir", "segmentId"),
    },
    route(async (req, res) => {
      const { csv, filename } = await exportCustomersCsv(ctx, await requireActor(ctx, req, res), req.query);
      res.setHeader("Content-Type", "text/csv; charset=utf-8");
      res.setHeader("Content-Disposition", `attachment; filename="${filename}"`);
      csv.pipe(res);
    }),
  );
  return api;
}
