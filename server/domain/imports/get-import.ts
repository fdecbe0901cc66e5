import type { AppContext } from "~/server/context.ts";
import { type Actor, requireRole } from "~/server/domain/access.ts";
import { notFound } from "~/server/lib/errors.ts";
import { importSelect, serializeImport } from "./serialize-import.ts";

/** One import with its status, progress, counts and errors (admins: imports write every customer). */
export async function getImport(ctx: AppContext, actor: Actor, id: string) {
  requireRole(actor, "admin");
  const job = await ctx.db.importJob.findUnique({ where: { id }, select: importSelect });
  if (!job) throw notFound("Import");
  return serializeImport(ctx, actor, job);
}

/** The latest imports, newest first, without their per-row outcomes. */
export async function listImports(ctx: AppContext, actor: Actor) {
  requireRole(actor, "admin");
  const jobs = await ctx.db.importJob.findMany({
    orderBy: { createdAt: "desc" },
    take: 20,
    select: {
      id: true,
      entity: true,
      status: true,
      dryRun: true,
      filename: true,
      created: true,
      updated: true,
      unchanged: true,
      rejected: true,
      createdAt: true,
      createdBy: { select: { name: true } },
    },
  });
  return jobs.map((j) => ({ ...j, createdAt: j.createdAt.toISOString() }));
}
