import type { AppContext } from "~/server/context.ts";

/** Departments whose internal notification channel is an external channel of this inbox. */
export async function listDepartmentChannels(ctx: AppContext, inboxId: string): Promise<{ departmentId: string; externalId: string }[]> {
  const rows = await ctx.db.department.findMany({
    where: { slackInboxId: inboxId, slackChannelId: { not: null } },
    select: { id: true, slackChannelId: true },
  });
  return rows.map((r) => ({ departmentId: r.id, externalId: r.slackChannelId! }));
}
