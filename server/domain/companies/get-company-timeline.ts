import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { notFound } from "~/server/lib/errors.ts";
import { recordTimelinePage } from "~/server/domain/timeline/record-timeline.ts";

/** One timeline across every conversation of a company's people, newest first (recordTimelinePage). */
export async function getCompanyTimeline(
  ctx: AppContext,
  actor: Actor,
  companyId: string,
  input: { cursor?: string | null; limit?: number } = {},
) {
  const exists = await ctx.db.company.findUnique({ where: { id: companyId }, select: { id: true } });
  if (!exists) throw notFound("Company");
  return recordTimelinePage(ctx, actor, { companyId }, input);
}
