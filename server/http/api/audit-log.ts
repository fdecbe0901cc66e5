import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { auditLogQuery, listAuditLog } from "~/server/domain/audit/list-audit-log.ts";
import { exportAuditLogCsv } from "~/server/domain/audit/export-audit-log.ts";
import { queryParams } from "./query.ts";
import { apiRouter } from "./api-router.ts";

/**
 * The audit log, read-only: only GET routes exist (docs/decisions/018-audit-log.md). Any other method
 * falls through to the API's 404, and the table itself refuses UPDATE and DELETE.
 */
export function auditLogRoutes(ctx: AppContext) {
  const api = apiRouter();
  const filters = queryParams("actor", "action", "target", "from", "to");
  api.get(
    "/audit-log",
    {
      summary: "The audit log, newest first, filtered by actor, action, target and time (admin)",
      query: queryParams(...Object.keys(auditLogQuery.shape)),
      admin: true,
    },
    route(async (req, res) => res.json(await listAuditLog(ctx, await requireActor(ctx, req, res), req.query))),
  );
  api.get(
    "/audit-log/export",
    { summary: "The audit log as CSV (UTF-8 with BOM) for the same filters (admin)", query: filters, admin: true },
    route(async (req, res) => {
      const csv = exportAuditLogCsv(ctx, await requireActor(ctx, req, res), req.query);
      res.setHeader("Content-Type", "text/csv; charset=utf-8");
      res.setHeader("Content-Disposition", 'attachment; filename="audit-log.csv"');
      csv.pipe(res);
    }),
  );
  return api;
}
