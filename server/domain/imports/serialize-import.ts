import type { ImportEntity } from "~/common/vocabulary.ts";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { IMPORT_FIELDS, importAttributeRules } from "./import-mapping.ts";
import { importFile, importFileExists } from "./import-files.ts";
import { type CsvEncoding, readHead } from "./csv-source.ts";

export const importSelect = {
  id: true,
  entity: true,
  status: true,
  dryRun: true,
  filename: true,
  fileBytes: true,
  encoding: true,
  headers: true,
  mapping: true,
  bytesDone: true,
  rowsDone: true,
  created: true,
  updated: true,
  unchanged: true,
  rejected: true,
  results: true,
  errors: true,
  error: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  createdBy: { select: { id: true, name: true } },
} satisfies Prisma.ImportJobSelect;

type ImportRow = Prisma.ImportJobGetPayload<{ select: typeof importSelect }>;

/**
 * The job as the API and the import page show it: progress as bytes read of the file (rows total is an
 * estimate from the bytes per row so far), the counts, the first outcomes and rejections, and the
 * fields a column can be mapped to (with the attributes' labels) while the file is still there.
 */
export async function serializeImport(ctx: AppContext, actor: Actor, job: ImportRow) {
  const fileKept = await importFileExists(ctx, job.id);
  const rules = fileKept ? await importAttributeRules(ctx, actor, job.entity as ImportEntity) : [];
  // The first rows under their headers, for the mapping step.
  const preview =
    fileKept && job.status === "awaiting_mapping" ? (await readHead(importFile(ctx, job.id), job.encoding as CsvEncoding)).preview : [];
  const percent = job.status === "done" ? 100 : job.fileBytes ? Math.floor((job.bytesDone / job.fileBytes) * 100) : 0;
  const rowsEstimate = job.bytesDone > 0 ? Math.max(job.rowsDone, Math.round((job.rowsDone * job.fileBytes) / job.bytesDone)) : null;
  return {
    ...job,
    createdAt: job.createdAt.toISOString(),
    startedAt: job.startedAt?.toISOString() ?? null,
    finishedAt: job.finishedAt?.toISOString() ?? null,
    progress: { percent, rowsDone: job.rowsDone, rowsEstimate: job.status === "done" ? job.rowsDone : rowsEstimate },
    preview,
    counts: { created: job.created, updated: job.updated, unchanged: job.unchanged, rejected: job.rejected },
    /** A new run (dry or real) can start from the stored file. */
    canRun: fileKept && (job.status === "awaiting_mapping" || job.status === "done" || job.status === "failed"),
    targets: fileKept
      ? [
          ...IMPORT_FIELDS[job.entity as ImportEntity].map((f) => ({ value: f, label: null, labelJa: null })),
          ...rules.map((r) => ({ value: `attributes.${r.key}`, label: r.label, labelJa: r.labelJa })),
        ]
      : [],
  };
}
export type ImportView = Awaited<ReturnType<typeof serializeImport>>;
