import { z } from "zod";
import type { ImportEntity } from "~/common/vocabulary.ts";
import type { AppContext } from "~/server/context.ts";
import { type Actor, requireRole } from "~/server/domain/access.ts";
import { AppError, notFound, parseInput } from "~/server/lib/errors.ts";
import { startInBackground } from "./create-import.ts";
import { importFileExists } from "./import-files.ts";
import { importAttributeRules, importMapping, importTargets, resolveMapping } from "./import-mapping.ts";
import { importSelect, serializeImport } from "./serialize-import.ts";

export const startImportRunInput = z.object({
  /** Column header → field; the job's current mapping when left out. */
  mapping: importMapping.optional(),
  dryRun: z.boolean().default(false),
});

/**
 * Runs a stored file again — the dry run after the mapping step, then the real run — without
 * uploading it twice. The previous run's counts and outcomes are replaced.
 */
export async function startImportRun(ctx: AppContext, actor: Actor, id: string, raw: unknown) {
  requireRole(actor, "admin");
  const input = parseInput(startImportRunInput, raw);
  const job = await ctx.db.importJob.findUnique({ where: { id }, select: { id: true, entity: true, headers: true, mapping: true } });
  if (!job) throw notFound("Import");
  if (!(await importFileExists(ctx, id))) throw new AppError("conflict", "This file was already imported; upload it again to run it again");
  const entity = job.entity as ImportEntity;
  const mapping = input.mapping ?? (job.mapping as Record<string, string>);
  resolveMapping(entity, job.headers, mapping, importTargets(entity, await importAttributeRules(ctx, actor, entity)));
  const { count } = await ctx.db.importJob.updateMany({
    where: { id, status: { in: ["awaiting_mapping", "done", "failed"] } },
    data: {
      status: "queued",
      dryRun: input.dryRun,
      mapping,
      createdById: actor.id,
      ...{ bytesDone: 0, rowsDone: 0, created: 0, updated: 0, unchanged: 0, rejected: 0, results: [], errors: [] },
      ...{ error: null, startedAt: null, finishedAt: null },
    },
  });
  if (count === 0) throw new AppError("conflict", "This import is already running");
  startInBackground(ctx, id);
  return serializeImport(ctx, actor, await ctx.db.importJob.findUniqueOrThrow({ where: { id }, select: importSelect }));
}
