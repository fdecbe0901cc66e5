import type { AppContext } from "~/server/context.ts";

/**
 * Seconds each agent spent online in [from, to) (up to now), from the `presence` events the database
 * writes on every status change: the status before `from` is the last change before it (offline when
 * there is none); away does not count as online.
 */
export async function onlineSeconds(ctx: AppContext, range: { from: Date; to: Date }, agentIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (agentIds.length === 0) return out;
  const end = Math.min(range.to.getTime(), Date.now());
  const rows = await ctx.sql.query<{ agentId: string; t: number; status: string }>(
    `(SELECT DISTINCT ON (e."agentId") e."agentId", (extract(epoch FROM e."at") * 1000)::float8 AS t, e."data" ->> 'status' AS status
      FROM "ReportEvent" e WHERE e."type" = 'presence' AND e."agentId" = ANY($1::text[]) AND e."at" < $2::timestamp
      ORDER BY e."agentId", e."at" DESC, e."id" DESC)
     UNION ALL
     (SELECT e."agentId", (extract(epoch FROM e."at") * 1000)::float8, e."data" ->> 'status'
      FROM "ReportEvent" e WHERE e."type" = 'presence' AND e."agentId" = ANY($1::text[]) AND e."at" >= $2::timestamp AND e."at" < $3::timestamp)
     ORDER BY 1, 2`,
    [agentIds, range.from.toISOString(), range.to.toISOString()],
  );
  const since = new Map<string, number>();
  const add = (agentId: string, until: number) => {
    const start = since.get(agentId);
    if (start === undefined) return;
    out.set(agentId, (out.get(agentId) ?? 0) + Math.max(0, Math.min(until, end) - start) / 1000);
    since.delete(agentId);
  };
  for (const r of rows) {
    const t = Math.max(Number(r.t), range.from.getTime());
    add(r.agentId, t);
    if (r.status === "online") since.set(r.agentId, t);
  }
  for (const agentId of since.keys()) add(agentId, end);
  for (const [agentId, s] of out) out.set(agentId, Math.floor(s));
  return out;
}
