import { stringify } from "csv-stringify";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { parseInput } from "~/server/lib/errors.ts";
import { auditLogQuery, listAuditLog } from "./list-audit-log.ts";

const COLUMNS = ["at", "actor", "actor_email", "ip", "action", "target_type", "target_id", "target", "before", "after"];
const PAGE = 200;

/**
 * The audit log as CSV for the same filters as the list (UTF-8 with a BOM, so Excel opens Japanese
 * names correctly). Streams page by page: a long log never sits in memory, and the caller pipes the
 * stream into the response.
 */
export function exportAuditLogCsv(ctx: AppContext, actor: Actor, raw: unknown) {
  requireRole(actor, "admin");
  // Bad filters fail with a 400 here, before the stream (and the response) starts.
  parseInput(auditLogQuery.omit({ cursor: true, limit: true }), raw);
  const filters = { ...(raw as object), cursor: undefined, limit: PAGE };
  const csv = stringify({ header: true, columns: COLUMNS, bom: true });
  void (async () => {
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listAuditLog>> = await listAuditLog(ctx, actor, { ...filters, cursor: cursor ?? undefined });
      for (const e of page.items) {
        const row = [
          e.at,
          e.actor?.name ?? "",
          e.actor?.email ?? "",
          e.ip ?? "",
          e.action,
          e.targetType,
          e.targetId ?? "",
          e.targetLabel ?? "",
          e.before == null ? "" : JSON.stringify(e.before),
          e.after == null ? "" : JSON.stringify(e.after),
        ];
        if (!csv.write(row)) await new Promise((resolve) => csv.once("drain", resolve));
      }
      cursor = page.nextCursor;
    } while (cursor);
    csv.end();
  })().catch((err) => csv.destroy(err as Error));
  return csv;
}
