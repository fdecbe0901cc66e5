import express, { Router, type Request } from "express";
import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { addDocumentVersion, uploadDocument } from "~/server/domain/documents/upload-document.ts";
import { listConversationDocuments, listDocuments } from "~/server/domain/documents/list-documents.ts";
import { getDocument } from "~/server/domain/documents/get-document.ts";
import { attachDocument, linkDocument, unlinkDocument } from "~/server/domain/documents/use-document.ts";
import { optionalString } from "./query.ts";

const attachBody = z.object({ version: z.number().int().min(1).optional() }).strict();

/**
 * Shared documents of customers and companies. Uploads take the raw file as the body
 * (`?filename=&title=`, like /uploads), so this router is mounted before the JSON body parser and
 * parses JSON itself where it needs it.
 */
export function documentRoutes(ctx: AppContext) {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: ctx.env.UPLOAD_MAX_BYTES });
  const json = express.json({ limit: "64kb" });
  const file = (req: Request) => ({
    filename: optionalString(req.query.filename) ?? "document",
    title: optionalString(req.query.title),
    content: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
  });

  for (const [path, key] of [
    ["/contacts/:id/documents", "contactId"],
    ["/companies/:id/documents", "companyId"],
  ] as const) {
    router.post(
      path,
      raw,
      route(async (req, res) => {
        const actor = await requireActor(ctx, req, res);
        const owner = key === "contactId" ? { contactId: String(req.params.id) } : { companyId: String(req.params.id) };
        res.status(201).json(await uploadDocument(ctx, actor, { owner, ...file(req) }));
      }),
    );
    router.get(
      path,
      route(async (req, res) => {
        const actor = await requireActor(ctx, req, res);
        const owner = key === "contactId" ? { contactId: String(req.params.id) } : { companyId: String(req.params.id) };
        res.json(await listDocuments(ctx, actor, owner));
      }),
    );
  }
  router.get(
    "/documents/:id",
    route(async (req, res) => res.json(await getDocument(ctx, await requireActor(ctx, req, res), String(req.params.id)))),
  );
  router.post(
    "/documents/:id/versions",
    raw,
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.status(201).json(await addDocumentVersion(ctx, actor, String(req.params.id), file(req)));
    }),
  );
  router.post(
    "/documents/:id/attachments",
    json,
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      const body = attachBody.parse(req.body ?? {});
      res.status(201).json(await attachDocument(ctx, actor, String(req.params.id), body.version));
    }),
  );
  router.put(
    "/documents/:id/links/:conversationId",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await linkDocument(ctx, actor, String(req.params.id), String(req.params.conversationId)));
    }),
  );
  router.delete(
    "/documents/:id/links/:conversationId",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      await unlinkDocument(ctx, actor, String(req.params.id), String(req.params.conversationId));
      res.status(204).end();
    }),
  );
  router.get(
    "/conversations/:id/documents",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json({ items: await listConversationDocuments(ctx, actor, String(req.params.id)) });
    }),
  );
  return router;
}
