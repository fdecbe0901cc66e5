import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { eventConditions, reportScope, SqlParams } from "./report-filters.ts";
import type { ReportAdoption } from "./report-types.ts";

interface Activity {
  views: number;
  notes: number;
  replies: number;
}

/**
 * GET /api/v1/reports/adoption: per department (its members today; people in no department as
 * null), how many read customer records or conversations and how many wrote notes or replies in the
 * range. A person in two departments counts in both. `departmentId` picks the department's row.
 */
export async function reportAdoption(ctx: AppContext, actor: Actor, raw: unknown): Promise<ReportAdoption> {
  const { f, hidden } = await reportScope(ctx, actor, raw);
  const p = new SqlParams();
  const where = eventConditions({ ...f, departmentId: undefined }, hidden, p).join(" AND ");
  const [rows, departments, loners] = await Promise.all([
    ctx.sql.query<{ agentId: string } & Activity>(
      `SELECT e."agentId",
         count(*) FILTER (WHERE e."type" IN ('view-conversation', 'view-contact'))::int AS views,
         count(*) FILTER (WHERE e."type" = 'note' AND NOT e."automated")::int AS notes,
         count(*) FILTER (WHERE e."type" = 'message_out' AND NOT e."automated")::int AS replies
       FROM "ReportEvent" e
       WHERE e."type" IN ('view-conversation', 'view-contact', 'note', 'message_out') AND e."agentId" IS NOT NULL AND ${where}
       GROUP BY e."agentId"`,
      p.values,
    ),
    ctx.db.department.findMany({
      where: { id: f.departmentId ? { equals: f.departmentId, notIn: hidden } : { notIn: hidden } },
      orderBy: { name: "asc" },
      select: { id: true, name: true, members: { where: { user: { disabledAt: null } }, select: { userId: true } } },
    }),
    f.departmentId ? [] : ctx.db.user.findMany({ where: { disabledAt: null, memberships: { none: {} } }, select: { id: true } }),
  ]);
  const activity = new Map(rows.map((r) => [r.agentId, r]));
  const row = (departmentId: string | null, name: string | null, members: string[]) => {
    const acts = members.map((id) => activity.get(id)).filter((a): a is { agentId: string } & Activity => a !== undefined);
    const sum = (k: keyof Activity) => acts.reduce((s, a) => s + Number(a[k]), 0);
    return {
      departmentId,
      name,
      members: members.length,
      readers: acts.filter((a) => Number(a.views) > 0).length,
      writers: acts.filter((a) => Number(a.notes) + Number(a.replies) > 0).length,
      views: sum("views"),
      notes: sum("notes"),
      replies: sum("replies"),
    };
  };
  const items = departments.map((d) =>
    row(
      d.id,
      d.name,
      d.members.map((m) => m.userId),
    ),
  );
  if (loners.length > 0)
    items.push(
      row(
        null,
        null,
        loners.map((u) => u.id),
      ),
    );
  return { departments: items };
}
