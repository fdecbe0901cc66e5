import { open } from "node:fs/promises";
import express from "express";
import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { authenticateFirst, authenticatedActor, requireActor } from "~/server/http/authenticate.ts";
import { multipartBoundary, readMultipart } from "~/server/http/multipart.ts";
import { requireRole } from "~/server/domain/access.ts";
import { createImport, createImportInput } from "~/server/domain/imports/create-import.ts";
import { EncodingSniffer } from "~/server/domain/imports/csv-source.ts";
import { getImport, listImports } from "~/server/domain/imports/get-import.ts";
import { discardFile, uploadPath } from "~/server/domain/imports/import-files.ts";
import { startImportRun, startImportRunInput } from "~/server/domain/imports/start-import-run.ts";
import { AppError } from "~/server/lib/errors.ts";
import { apiRouter } from "./api-router.ts";

const importForm = createImportInput.extend({ file: z.string().meta({ format: "binary", description: "The CSV file" }) });

/**
 * CSV imports (issue 14, docs/decisions/023). The upload is multipart/form-data, streamed to disk by
 * this router (mounted before the JSON body parser) with the encoding sniffed on the way.
 */
export function importRoutes(ctx: AppContext) {
  const api = apiRouter();
  const max = ctx.env.IMPORT_MAX_BYTES;
  api.post(
    "/imports",
    {
      summary: "Upload a CSV (multipart: file, entity, mapping?, dryRun?) as an import job; without mapping it waits with suggestions",
      form: { name: "CreateImport", schema: importForm },
      status: 201,
      admin: true,
    },
    authenticateFirst(ctx),
    route(async (req, res) => {
      const actor = authenticatedActor(res);
      requireRole(actor, "admin");
      if (Number(req.headers["content-length"]) > max)
        throw new AppError("payload_too_large", `The file is larger than ${max / 1024 / 1024} MB`);
      const boundary = multipartBoundary(req.headers["content-type"]);
      const path = await uploadPath(ctx);
      const handle = await open(path, "w");
      const sniffer = new EncodingSniffer();
      let form: Awaited<ReturnType<typeof readMultipart>>;
      try {
        form = await readMultipart(req, boundary, max, {
          async write(chunk) {
            sniffer.feed(chunk);
            await handle.write(chunk);
          },
        });
      } catch (err) {
        await handle.close();
        await discardFile(path);
        throw err;
      }
      await handle.close();
      if (!form.file) {
        await discardFile(path);
        throw new AppError("bad_request", "file: send the CSV file as a part named file");
      }
      const upload = { path, filename: form.file.filename, bytes: form.file.bytes, encoding: sniffer.encoding() };
      res.status(201).json(await createImport(ctx, actor, upload, form.fields));
    }),
  );
  api.get(
    "/imports",
    { summary: "The latest imports", admin: true },
    route(async (req, res) => res.json({ items: await listImports(ctx, await requireActor(ctx, req, res)) })),
  );
  api.get(
    "/imports/:id",
    { summary: "An import: status, progress (percent, rows done / estimate), counts, first outcomes and errors", admin: true },
    route(async (req, res) => res.json(await getImport(ctx, await requireActor(ctx, req, res), String(req.params.id)))),
  );
  api.post(
    "/imports/:id/run",
    {
      summary: "Run the stored file again (dry run or real) with a mapping, without uploading it again",
      body: { name: "StartImportRun", schema: startImportRunInput },
      status: 202,
      admin: true,
    },
    express.json({ limit: "256kb" }),
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.status(202).json(await startImportRun(ctx, actor, String(req.params.id), req.body ?? {}));
    }),
  );
  return api;
}
