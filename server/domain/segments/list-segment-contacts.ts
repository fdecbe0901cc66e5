import type { CustomerFilter } from "~/common/customer-filter.ts";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { listCustomers } from "~/server/domain/customers/list-customers.ts";
import { findVisibleSegment } from "./segment-access.ts";

/** `GET /api/v1/segments/:id/contacts?cursor=`: the segment's contacts the reader may see, newest first. */
export async function listSegmentContacts(ctx: AppContext, actor: Actor, id: string, page: { cursor?: string | null; limit?: number }) {
  const segment = await findVisibleSegment(ctx, actor, id);
  return listCustomers(ctx, actor, { entity: "contact", filter: segment.filter as CustomerFilter, ...page });
}
