import type { Address } from "~/integrations/core/types.ts";
import type { AppContext } from "~/server/context.ts";

/**
 * A feedback report (ARF) says these people marked our mail as spam (decision 013). The first
 * complaint's time is kept; `canSendMarketing` then keeps surveys and other marketing-type sends away.
 */
export async function markComplained(ctx: AppContext, input: { addresses: Address[]; at: Date }): Promise<number> {
  let marked = 0;
  for (const kind of new Set(input.addresses.map((a) => a.kind))) {
    const { count } = await ctx.db.contactIdentity.updateMany({
      where: { kind, address: { in: input.addresses.filter((a) => a.kind === kind).map((a) => a.address) }, complainedAt: null },
      data: { complainedAt: input.at },
    });
    marked += count;
  }
  return marked;
}
