import type { AppContext } from "~/server/context.ts";
import { forgetInbox } from "./inbox-cache.ts";

/** Merges an adapter's patch into the inbox state (poll cursors, connection health shown to admins). */
export async function saveInboxState(ctx: AppContext, inboxId: string, patch: Record<string, unknown>): Promise<void> {
  // Read-modify-write in one statement so concurrent pollers don't drop each other's keys.
  await ctx.sql.query(`UPDATE "Inbox" SET state = state || $2::jsonb WHERE id = $1`, [inboxId, JSON.stringify(patch)]);
  forgetInbox(ctx, inboxId);
}
