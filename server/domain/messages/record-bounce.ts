import type { BounceReport } from "~/integrations/core/host.ts";
import type { AppContext } from "~/server/context.ts";
import { markUndeliverable } from "~/server/domain/identities/mark-undeliverable.ts";
import { recordDelivery } from "./record-delivery.ts";

/**
 * Applies a bounce or delay report to the message it reports on (decision 013): a final failure
 * marks the reply failed with the MTA's reason, a delay marks it "delayed" (informational; a later
 * report still moves it on), a success DSN marks it delivered. A hard bounce also marks the address undeliverable on the contact's
 * identity, so the customer panel shows it and the composer warns. A report never becomes a
 * conversation message: the stored raw event is its record.
 * Only a report tied to a message we sent marks an address, so backscatter from spoofed mail cannot.
 */
export async function recordBounce(ctx: AppContext, input: { inboxId: string; report: BounceReport }): Promise<{ tied: boolean }> {
  const { inboxId, report } = input;
  let tied = false;
  const status = report.failed ? "failed" : report.delayed ? "delayed" : report.delivered ? "delivered" : null;
  if (report.originalMessageId && status) {
    const { found } = await recordDelivery(ctx, {
      inboxId,
      providerMessageId: report.originalMessageId,
      update: {
        status,
        // A success report has no error to show.
        ...(status === "delivered" ? {} : { error: report.reason }),
        meta: { bounceMessageId: report.reportId, bouncedRecipient: report.recipient },
      },
    });
    tied = found;
  } else if (report.originalMessageId) {
    tied = (await ctx.db.message.count({ where: { inboxId, providerMessageId: report.originalMessageId } })) > 0;
  }
  // Only a report on mail we really sent marks an address: backscatter from spoofed mail must not.
  if (report.hard && tied) {
    const address = report.recipient ?? (await onlyRecipientOf(ctx, inboxId, report.originalMessageId!));
    if (address) await markUndeliverable(ctx, { address, reason: report.reason, at: new Date() });
  }
  return { tied };
}

/** The bounced message's customer address, when its contact has exactly one email identity (no guessing between several). */
async function onlyRecipientOf(ctx: AppContext, inboxId: string, providerMessageId: string): Promise<string | undefined> {
  const message = await ctx.db.message.findUnique({
    where: { inboxId_providerMessageId: { inboxId, providerMessageId } },
    select: {
      conversation: { select: { contact: { select: { identities: { where: { kind: "email" }, select: { address: true }, take: 2 } } } } },
    },
  });
  const identities = message?.conversation.contact.identities ?? [];
  return identities.length === 1 ? identities[0]!.address : undefined;
}
