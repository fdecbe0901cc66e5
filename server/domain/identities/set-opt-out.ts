import type { Address } from "~/integrations/core/types.ts";
import type { AppContext } from "~/server/context.ts";

/** The provider reports that an address opted out of (or back into) messages, e.g. an SMS STOP. */
export async function setOptOut(ctx: AppContext, opts: { address: Address; optedOut: boolean }): Promise<void> {
  await ctx.db.contactIdentity.updateMany({
    where: { kind: opts.address.kind, address: opts.address.address },
    data: { optedOutAt: opts.optedOut ? new Date() : null },
  });
}
