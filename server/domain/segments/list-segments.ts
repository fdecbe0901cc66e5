import type { CustomerFilter } from "~/common/customer-filter.ts";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { countMatches } from "~/server/domain/customers/list-customers.ts";
import { compileFilter, loadFilterScope } from "~/server/domain/customers/compile-filter.ts";
import { AppError } from "~/server/lib/errors.ts";
import { findVisibleSegment, segmentSelect, serializeSegment, visibleSegmentWhere } from "./segment-access.ts";

/**
 * Live counts of segments for this reader: only the contacts and conversations they may see, all in
 * one scan. A segment shared by someone who filters on an attribute the reader cannot see has no
 * count for them (null) rather than one that would reveal those values.
 */
async function segmentCounts(ctx: AppContext, actor: Actor, filters: unknown[]): Promise<(number | null)[]> {
  const scope = await loadFilterScope(ctx, actor, "contact");
  const compiled = filters.map((f) => {
    try {
      return compileFilter(scope, f as CustomerFilter);
    } catch (err) {
      if (err instanceof AppError && err.code === "bad_request") return null;
      throw err;
    }
  });
  const usable = compiled.filter((c): c is NonNullable<typeof c> => c !== null);
  const counts = await countMatches(ctx, scope, usable);
  let next = 0;
  return compiled.map((c) => (c === null ? null : (counts[next++] ?? 0)));
}

/** The reader's own and shared segments, by name, each with its live count. */
export async function listSegments(ctx: AppContext, actor: Actor) {
  const rows = await ctx.db.segment.findMany({
    where: visibleSegmentWhere(actor),
    orderBy: [{ name: "asc" }, { id: "asc" }],
    select: segmentSelect,
    take: 500,
  });
  const counts = await segmentCounts(
    ctx,
    actor,
    rows.map((s) => s.filter),
  );
  return { items: rows.map((s, i) => ({ ...serializeSegment(s), count: counts[i] ?? null })) };
}

export async function getSegment(ctx: AppContext, actor: Actor, id: string) {
  const segment = await findVisibleSegment(ctx, actor, id);
  const [count] = await segmentCounts(ctx, actor, [segment.filter]);
  return { ...serializeSegment(segment), count: count ?? null };
}
