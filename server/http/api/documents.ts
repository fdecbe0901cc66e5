import express, { type Request } from "express";
import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { authenticateFirst, authenticatedActor, requireActor } from "~/server/http/authenticate.ts";
import { addDocumentVersion, uploadDocument } from "~/server/domain/documents/upload-document.ts";
import { listConversationDocuments, listDocuments } from "~/server/domain/documents/list-documents.ts";
import { getDocument } from "~/server/domain/documents/get-document.ts";
import { attachDocument, attachDocumentInput, linkDocument, unlinkDocument } from "~/server/domain/documents/use-document.ts";
import { apiRouter } from "./api-router.ts";
import { optionalString, queryParams } from "./query.ts";

const fileQuery = queryParams("filename", "title");

/**
 * Shared documents of customers and companies. Uploads take the raw file as the body
 * (`?filename=&title=`, like /uploads), so this router is mounted before the JSON body parser and
 * parses JSON itself where it needs it.
 */
export function documentRoutes(ctx: AppContext) {
  const api = apiRouter();
  const raw = [authenticateFirst(ctx), express.raw({ type: () => true, limit: ctx.env.UPLOAD_MAX_BYTES })];
  const json = express.json({ limit: "64kb" });
  const file = (req: Request) => ({
    filename: optionalString(req.query.filename) ?? "document",
    title: optionalString(req.query.title),
    content: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
  });

  for (const [path, key, who] of [
    ["/contacts/:id/documents", "contactId", "customer"],
    ["/companies/:id/documents", "companyId", "company"],
  ] as const) {
    const ownerOf = (req: Request) => (key === "contactId" ? { contactId: String(req.params.id) } : { companyId: String(req.params.id) });
    api.post(
      path,
      {
        summary: `Add a document to a ${who}'s library (raw body, ?filename=&title=); type decided from the content`,
        fileBody: true,
        query: fileQuery,
        status: 201,
      },
      ...raw,
      route(async (req, res) => {
        const actor = authenticatedActor(res);
        res.status(201).json(await uploadDocument(ctx, actor, { owner: ownerOf(req), ...file(req) }));
      }),
    );
    api.get(
      path,
      {
        summary:
          key === "contactId"
            ? "A customer's documents plus every message attachment of theirs the actor may see"
            : "A company's documents plus its contacts' message attachments the actor may see",
      },
      route(async (req, res) => {
        const actor = await requireActor(ctx, req, res);
        res.json(await listDocuments(ctx, actor, ownerOf(req)));
      }),
    );
  }
  api.get(
    "/documents/:id",
    { summary: "A document with all its versions and linked conversations" },
    route(async (req, res) => res.json(await getDocument(ctx, await requireActor(ctx, req, res), String(req.params.id)))),
  );
  api.post(
    "/documents/:id/versions",
    {
      summary: "Replace a document's file; earlier versions are kept (raw body, ?filename=&title=)",
      fileBody: true,
      query: fileQuery,
      status: 201,
    },
    ...raw,
    route(async (req, res) => {
      const actor = authenticatedActor(res);
      res.status(201).json(await addDocumentVersion(ctx, actor, String(req.params.id), file(req)));
    }),
  );
  api.post(
    "/documents/:id/attachments",
    {
      summary: "Prepare a document version as an attachment id for a reply or note",
      body: { name: "AttachDocument", schema: attachDocumentInput },
      status: 201,
    },
    json,
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.status(201).json(await attachDocument(ctx, actor, String(req.params.id), req.body ?? {}));
    }),
  );
  api.put(
    "/documents/:id/links/:conversationId",
    { summary: "Link a document to a conversation" },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await linkDocument(ctx, actor, String(req.params.id), String(req.params.conversationId)));
    }),
  );
  api.delete(
    "/documents/:id/links/:conversationId",
    { summary: "Unlink a document from a conversation", status: 204 },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      await unlinkDocument(ctx, actor, String(req.params.id), String(req.params.conversationId));
      res.status(204).end();
    }),
  );
  api.get(
    "/conversations/:id/documents",
    { summary: "Documents linked to a conversation" },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json({ items: await listConversationDocuments(ctx, actor, String(req.params.id)) });
    }),
  );
  return api;
}
