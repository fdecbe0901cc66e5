import type { AppContext } from "~/server/context.ts";

/**
 * Row leases on channel resources (one IMAP poller per mailbox across nodes, issue 16). One statement
 * claims a free or expired lease, or renews this node's own; the database's clock decides expiry, so
 * nodes with skewed clocks still agree. A node that dies simply stops renewing: after the lease time
 * another node's claim succeeds. True when this node holds the lease afterwards.
 */
export async function claimChannelLease(ctx: AppContext, key: string, ttlMs: number): Promise<boolean> {
  const rows = await ctx.sql.query<{ holder: string }>(
    `INSERT INTO "ChannelLease" (key, holder, "expiresAt", "acquiredAt")
     VALUES ($1, $2, now() + $3::integer * interval '1 millisecond', now())
     ON CONFLICT (key) DO UPDATE SET
       holder = EXCLUDED.holder,
       "expiresAt" = EXCLUDED."expiresAt",
       "acquiredAt" = CASE WHEN "ChannelLease".holder = EXCLUDED.holder THEN "ChannelLease"."acquiredAt" ELSE now() END
     WHERE "ChannelLease".holder = EXCLUDED.holder OR "ChannelLease"."expiresAt" < now()
     RETURNING holder`,
    [key, ctx.nodeId, Math.round(ttlMs)],
  );
  return rows.length === 1;
}

/** Gives a lease up at once (a clean shutdown), so another node need not wait for it to expire. */
export async function releaseChannelLease(ctx: AppContext, key: string): Promise<void> {
  await ctx.sql.query(`DELETE FROM "ChannelLease" WHERE key = $1 AND holder = $2`, [key, ctx.nodeId]);
}
