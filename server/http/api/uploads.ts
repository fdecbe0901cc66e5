import express from "express";
import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { authenticateFirst, authenticatedActor } from "~/server/http/authenticate.ts";
import { storeUpload } from "~/server/domain/attachments/store-upload.ts";
import { apiRouter } from "./api-router.ts";
import { queryParams } from "./query.ts";

/**
 * `POST /api/v1/uploads?filename=…` with the file as the raw body. Returns an attachment id to
 * put in a reply's or note's `attachmentIds`. The size limit is UPLOAD_MAX_BYTES (413 above it).
 */
export function uploadRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.post(
    "/uploads",
    { summary: "Upload a file (raw body, ?filename=) for attachmentIds", fileBody: true, query: queryParams("filename"), status: 201 },
    authenticateFirst(ctx),
    express.raw({ type: () => true, limit: ctx.env.UPLOAD_MAX_BYTES }),
    route(async (req, res) => {
      const actor = authenticatedActor(res);
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const filename = typeof req.query.filename === "string" ? req.query.filename : "upload";
      res.status(201).json(await storeUpload(ctx, actor, { filename, content: body, declaredType: req.headers["content-type"] }));
    }),
  );
  return api;
}
