import { z } from "zod";
import { type ImportEntity, importEntitySchema } from "~/common/vocabulary.ts";
import type { AppContext } from "~/server/context.ts";
import { type Actor, requireRole } from "~/server/domain/access.ts";
import { parseInput } from "~/server/lib/errors.ts";
import { type CsvEncoding, readHead } from "./csv-source.ts";
import { discardFile, keepUpload } from "./import-files.ts";
import { importAttributeRules, importMapping, importTargets, resolveMapping, suggestMapping } from "./import-mapping.ts";
import { importSelect, serializeImport } from "./serialize-import.ts";
import { runImport } from "./run-import.ts";

const jsonMapping = z
  .string()
  .max(64 * 1024)
  .transform((text, zctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      zctx.addIssue({ code: "custom", message: "expects a JSON object of column header → field" });
      return z.NEVER;
    }
  })
  .pipe(importMapping);

/** The text fields of `POST /api/v1/imports` (multipart/form-data, beside the `file` part). */
export const createImportInput = z.object({
  entity: importEntitySchema,
  /** JSON `{ "<column header>": "<field>" }`; without it the file is only analysed (status awaiting_mapping). */
  mapping: jsonMapping.optional(),
  /** "true": report what would be created, updated or rejected, and write nothing. */
  dryRun: z.enum(["true", "false"]).default("false"),
});

/** What the multipart reader stored. */
export interface StoredUpload {
  path: string;
  filename: string;
  bytes: number;
  encoding: CsvEncoding;
}

/**
 * An uploaded CSV becomes an import job. Without a mapping the job waits (`awaiting_mapping`) with
 * suggestions from the headers; with one it is queued and runs in the background on this node.
 */
export async function createImport(ctx: AppContext, actor: Actor, upload: StoredUpload, raw: unknown) {
  try {
    requireRole(actor, "admin");
    const input = parseInput(createImportInput, raw);
    const entity: ImportEntity = input.entity;
    const { headers } = await readHead(upload.path, upload.encoding);
    const rules = await importAttributeRules(ctx, actor, entity);
    if (input.mapping) resolveMapping(entity, headers, input.mapping, importTargets(entity, rules));
    const job = await ctx.db.importJob.create({
      data: {
        entity,
        status: input.mapping ? "queued" : "awaiting_mapping",
        dryRun: input.dryRun === "true",
        filename: upload.filename.slice(0, 255) || "import.csv",
        fileBytes: upload.bytes,
        encoding: upload.encoding,
        headers,
        mapping: input.mapping ?? suggestMapping(entity, headers, rules),
        createdById: actor.id,
      },
      select: importSelect,
    });
    await keepUpload(ctx, upload.path, job.id);
    if (input.mapping) startInBackground(ctx, job.id);
    return serializeImport(ctx, actor, job);
  } catch (err) {
    await discardFile(upload.path);
    throw err;
  }
}

/** Runs the job off the request; its outcome is on the job row (runImport never throws for a bad file). */
export function startInBackground(ctx: AppContext, jobId: string) {
  runImport(ctx, jobId).catch((err) => ctx.log.error(`import ${jobId}: ${(err as Error).stack ?? err}`));
}
