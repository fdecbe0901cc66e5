import { Readable } from "node:stream";
import type { Route } from "./+types/audit-log-export";
import { requireAdmin } from "~/app/lib/auth.server.ts";
import { exportAuditLogCsv } from "~/app/lib/domain.server.ts";
import { orThrowResponse } from "~/app/lib/errors.server.ts";

/** The audit log page's CSV export, for the filters in the URL (same flow as `GET /api/v1/audit-log/export`). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const admin = await requireAdmin(request, context);
  const params = new URL(request.url).searchParams;
  const query = Object.fromEntries(["actor", "action", "target", "from", "to"].map((k) => [k, params.get(k) || undefined]));
  const csv = await orThrowResponse(Promise.resolve().then(() => exportAuditLogCsv(context.app, admin, query)));
  return new Response(Readable.toWeb(csv) as ReadableStream, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": 'attachment; filename="audit-log.csv"' },
  });
}
