import type { AppContext } from "~/server/context.ts";

/** The contact or company an admin linked an inbox's external channel (a shared Slack channel) to. */
export function findChannelLink(
  ctx: AppContext,
  opts: { inboxId: string; externalId: string },
): Promise<{ contactId: string | null; companyId: string | null } | null> {
  return ctx.db.channelLink.findUnique({
    where: { inboxId_externalId: { inboxId: opts.inboxId, externalId: opts.externalId } },
    select: { contactId: true, companyId: true },
  });
}
