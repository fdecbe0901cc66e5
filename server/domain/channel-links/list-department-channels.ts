import type { AppContext } from "~/server/context.ts";

/** Departments whose internal notification channel is an external channel of this inbox. */
export function listDepartmentChannels(ctx: AppContext, inboxId: string): Promise<{ departmentId: string; externalId: string }[]> {
  return ctx.db.departmentChannel.findMany({ where: { inboxId }, select: { departmentId: true, externalId: true } });
}
