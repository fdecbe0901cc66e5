import type { ImportEntity } from "~/common/vocabulary.ts";
import type { AppContext } from "~/server/context.ts";
import { loadActor } from "~/server/domain/access.ts";
import { recordAudit } from "~/server/domain/audit/record-audit.ts";
import { refreshDuplicates } from "~/server/domain/duplicates/refresh-duplicates.ts";
import { AppError } from "~/server/lib/errors.ts";
import { type CsvEncoding, readCsv } from "./csv-source.ts";
import { companyImporter } from "./import-companies.ts";
import { contactImporter } from "./import-contacts.ts";
import { discardFile, importFile } from "./import-files.ts";
import { type ImportMapping, importAttributeRules, importTargets, resolveMapping } from "./import-mapping.ts";
import type { RowOutcome } from "./import-row.ts";

/** Rows per transaction: big enough for bulk statements, small enough to keep transactions short (PGlite is one connection). */
export const IMPORT_BATCH_ROWS = 500;
/** A real run that created at least this many rows refreshes the planner's statistics. */
const ANALYZE_AFTER_ROWS = 1000;
/** Outcomes kept on the job: the first rows of any kind, and the first rejections. */
const RESULTS_KEPT = 100;
const ERRORS_KEPT = 1000;
/** A running job whose node has not reported for this long is taken for dead. */
export const IMPORT_STALE_MS = 2 * 60_000;

/**
 * Runs one queued import to its end (docs/decisions/023): claims it (one node only), streams the file
 * through the entity's batch importer, writes progress after every batch, and keeps the counts, the
 * first outcomes and the first rejections on the job. A real run is audited, deletes the file, and
 * refreshes duplicate suggestions.
 */
export async function runImport(ctx: AppContext, jobId: string) {
  const now = new Date();
  const claimed = await ctx.db.importJob.updateMany({
    where: { id: jobId, status: "queued" },
    data: { status: "running", startedAt: now, heartbeatAt: now },
  });
  if (claimed.count === 0) return;
  const job = await ctx.db.importJob.findUniqueOrThrow({ where: { id: jobId } });
  const counts = { created: 0, updated: 0, unchanged: 0, rejected: 0, rowsDone: 0, bytesDone: 0 };
  const results: RowOutcome[] = [];
  const errors: RowOutcome[] = [];
  try {
    const actor = await loadActor(ctx, job.createdById);
    if (!actor) throw new AppError("forbidden", "The user who started this import was deactivated");
    const entity = job.entity as ImportEntity;
    const rules = await importAttributeRules(ctx, actor, entity);
    const columns = resolveMapping(entity, job.headers, job.mapping as ImportMapping, importTargets(entity, rules));
    const importer = (entity === "contact" ? contactImporter : companyImporter)(ctx, actor, columns, rules, job.dryRun);
    const csv = readCsv(importFile(ctx, jobId), job.encoding as CsvEncoding);

    let batch: { row: number; fields: string[] }[] = [];
    let unreadable: RowOutcome[] = [];
    const flush = async () => {
      const outcomes = [...unreadable, ...(batch.length ? await importer(batch) : [])].sort((a, b) => a.row - b.row);
      for (const o of outcomes) {
        counts[o.action === "reject" ? "rejected" : o.action === "create" ? "created" : o.action === "update" ? "updated" : "unchanged"]++;
        if (results.length < RESULTS_KEPT) results.push(o);
        if (o.action === "reject" && errors.length < ERRORS_KEPT) errors.push(o);
      }
      counts.rowsDone += outcomes.length;
      counts.bytesDone = Math.min(csv.bytesRead(), job.fileBytes);
      batch = [];
      unreadable = [];
      await ctx.db.importJob.update({
        where: { id: jobId },
        data: { ...counts, results: results as never, errors: errors as never, heartbeatAt: new Date() },
        select: { id: true },
      });
    };
    try {
      for await (const item of csv.records) {
        if (item.row === 1) continue; // the header, read when the file was uploaded
        if ("error" in item) unreadable.push({ row: item.row, action: "reject", label: `#${item.row}`, reason: item.error });
        else if (item.fields.length !== job.headers.length) {
          const label = item.fields.find((f) => f.trim())?.trim() ?? `#${item.row}`;
          const reason = `has ${item.fields.length} fields, the header has ${job.headers.length}`;
          unreadable.push({ row: item.row, action: "reject", label, reason });
        } else if (item.fields.some((f) => f.includes("\uFFFD"))) {
          const reason = `contains bytes that are not ${job.encoding === "shift_jis" ? "Shift_JIS" : "UTF-8"} text`;
          unreadable.push({ row: item.row, action: "reject", label: `#${item.row}`, reason });
        } else batch.push(item);
        if (batch.length + unreadable.length >= IMPORT_BATCH_ROWS) await flush();
      }
    } finally {
      csv.close();
    }
    await flush();
    counts.bytesDone = job.fileBytes;
    await finish(ctx, job, "done", counts, null);
  } catch (err) {
    const message = err instanceof AppError ? err.message : "The import stopped on an unexpected error; rows before it were imported";
    if (!(err instanceof AppError)) ctx.log.error(`import ${jobId} failed: ${(err as Error).stack ?? err}`);
    await finish(ctx, job, "failed", counts, message);
  }
  // The import's outcome is recorded whatever follows: a scan that fails is logged, and the timer's next
  // scan (contacts changed) finds the pairs instead.
  if (!job.dryRun)
    await afterRealRun(ctx, job, counts.created).catch((err) => ctx.log.error(`after import ${jobId}: ${(err as Error).stack ?? err}`));
}

async function finish(
  ctx: AppContext,
  job: { id: string; entity: string; dryRun: boolean; filename: string; createdById: string },
  status: "done" | "failed",
  counts: Record<string, number>,
  error: string | null,
) {
  await ctx.db.$transaction(async (tx) => {
    await tx.importJob.update({
      where: { id: job.id },
      data: { ...counts, status, error, finishedAt: new Date(), heartbeatAt: null },
      select: { id: true },
    });
    if (job.dryRun) return;
    await recordAudit(tx, {
      actorId: job.createdById,
      action: "import.run",
      targetType: "import",
      targetId: job.id,
      targetLabel: job.filename,
      after: { entity: job.entity, status, ...counts, error },
    });
  });
}

/** What follows a real run, done or failed: its rows are in the database. */
async function afterRealRun(ctx: AppContext, job: { id: string; entity: string }, created: number) {
  // The file has been read for real: nothing should keep the people in it longer than needed.
  await discardFile(importFile(ctx, job.id));
  // A bulk load leaves the planner's statistics behind the tables (PGlite has no autovacuum to
  // refresh them at all), and every later query on them is planned from those. The duplicate scan
  // refreshes the contact tables' own.
  if (created >= ANALYZE_AFTER_ROWS) await ctx.db.$executeRawUnsafe(`ANALYZE "Company", "CompanyDomain"`);
  if (job.entity === "contact") await refreshDuplicates(ctx);
}

/**
 * Timer: a running job whose node stopped reporting is marked failed (a re-run is safe: imported rows
 * match and come out unchanged); a queued job no node started (it died right after the upload) is run.
 */
export async function recoverImports(ctx: AppContext) {
  const stale = new Date(Date.now() - IMPORT_STALE_MS);
  await ctx.db.importJob.updateMany({
    where: { status: "running", heartbeatAt: { lt: stale } },
    data: {
      status: "failed",
      error: "Interrupted: the server running it stopped. Run it again; rows already imported are matched, not duplicated",
      finishedAt: new Date(),
    },
  });
  const orphans = await ctx.db.importJob.findMany({
    where: { status: "queued", createdAt: { lt: new Date(Date.now() - 30_000) } },
    select: { id: true },
    take: 5,
  });
  for (const job of orphans) await runImport(ctx, job.id);
}
