import type { AppContext } from "~/server/context.ts";

/**
 * A hard bounce says mail to this address cannot be delivered (decision 013). The newest report's
 * reason is kept; the customer panel shows it and the composer warns before replying to it.
 */
export async function markUndeliverable(ctx: AppContext, input: { address: string; reason: string; at: Date }): Promise<number> {
  const { count } = await ctx.db.contactIdentity.updateMany({
    where: { kind: "email", address: input.address.toLowerCase() },
    data: { undeliverableAt: input.at, undeliverableReason: input.reason.slice(0, 1000) },
  });
  return count;
}
