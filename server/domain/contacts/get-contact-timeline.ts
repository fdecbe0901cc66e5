import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleContactWhere } from "~/server/domain/access.ts";
import { notFound } from "~/server/lib/errors.ts";
import { recordTimelinePage } from "~/server/domain/timeline/record-timeline.ts";

/** One timeline across all of a customer's conversations and channels, newest first (recordTimelinePage). */
export async function getContactTimeline(
  ctx: AppContext,
  actor: Actor,
  contactId: string,
  input: { cursor?: string | null; limit?: number } = {},
) {
  const exists = await ctx.db.contact.findFirst({ where: { AND: [{ id: contactId }, visibleContactWhere(actor)] }, select: { id: true } });
  if (!exists) throw notFound("Contact");
  return recordTimelinePage(ctx, actor, { contactId }, input);
}
