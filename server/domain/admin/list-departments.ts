import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { isAdmin } from "~/server/domain/access.ts";
import { csatColumnsSelect, toCsatSettings } from "~/server/domain/csat/csat-settings.ts";

/** A department's settings as admins see and edit them. */
export const departmentSettingsSelect = {
  id: true,
  name: true,
  restricted: true,
  autoAssign: true,
  reassignOfflineAfterMinutes: true,
  channel: { select: { inboxId: true, externalId: true } },
  members: { select: { userId: true } },
  ...csatColumnsSelect,
} as const;

type DepartmentSettingsRow = {
  id: string;
  name: string;
  restricted: boolean;
  autoAssign: boolean;
  reassignOfflineAfterMinutes: number | null;
  channel: { inboxId: string; externalId: string } | null;
  members: { userId: string }[];
  csatEnabled: boolean;
  csatQuietPeriodDays: number;
};

/** The settings payload admins read and write: the department channel keeps its public Slack field names. */
export function toDepartmentSettings({ channel, members, csatEnabled, csatQuietPeriodDays, ...d }: DepartmentSettingsRow) {
  return {
    ...d,
    csat: toCsatSettings({ csatEnabled, csatQuietPeriodDays }),
    slackInboxId: channel?.inboxId ?? null,
    slackChannelId: channel?.externalId ?? null,
    memberIds: members.map((m) => m.userId),
  };
}

/** Departments for every agent; settings and members only for admins. */
export async function listDepartments(ctx: AppContext, actor: Actor) {
  const rows = await ctx.db.department.findMany({ orderBy: { name: "asc" }, select: departmentSettingsSelect });
  return rows.map((d) => (isAdmin(actor) ? toDepartmentSettings(d) : { id: d.id, name: d.name, restricted: d.restricted }));
}
