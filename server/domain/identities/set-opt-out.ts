import type { Address } from "~/integrations/core/types.ts";
import type { AppContext } from "~/server/context.ts";

/**
 * The provider reports that an address opted out of (or back into) messages, e.g. an SMS STOP, in a
 * message first received at `at`. Applied only when no keyword received later (nor this one) has set the
 * state already, in the same statement, so retried, replayed or concurrent webhooks end in the state of
 * the newest keyword (issue 17, finding 10).
 */
export async function setOptOut(ctx: AppContext, opts: { address: Address; optedOut: boolean; at: Date }): Promise<void> {
  await ctx.db.contactIdentity.updateMany({
    where: {
      kind: opts.address.kind,
      address: opts.address.address,
      OR: [{ consentChangedAt: null }, { consentChangedAt: { lt: opts.at } }],
    },
    data: { optedOutAt: opts.optedOut ? opts.at : null, consentChangedAt: opts.at },
  });
}
