import { Readable } from "node:stream";
import type { Route } from "./+types/customers-export";
import { requireUser } from "~/app/lib/auth.server.ts";
import { exportCustomersCsv } from "~/app/lib/customers.server.ts";
import { orThrowResponse } from "~/app/lib/errors.server.ts";

/** The Customers page's CSV export for the list in the URL (same flow as `GET /api/v1/customers/export`). */
export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const params = new URL(request.url).searchParams;
  const query = Object.fromEntries(["entity", "filter", "sort", "dir", "segmentId"].map((k) => [k, params.get(k) || undefined]));
  const { csv, filename } = await orThrowResponse(exportCustomersCsv(context.app, user, query));
  return new Response(Readable.toWeb(csv) as ReadableStream, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"` },
  });
}
