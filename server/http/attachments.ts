import { Router, type Response } from "express";
import type { AppContext } from "~/server/context.ts";
import { visibleDocumentWhere, visibleMessageWhere, type Actor } from "~/server/domain/access.ts";
import { AppError } from "~/server/lib/errors.ts";
import { verifyAttachmentSignature } from "~/server/lib/signed-url.ts";
import { route } from "./errors.ts";
import { requireActor } from "./authenticate.ts";

/** Types a browser may render inline; everything else downloads. */
const INLINE = /^(image\/(png|jpeg|gif|webp)|application\/pdf|text\/plain)$/;

/**
 * File downloads. Agents fetch `/attachments/:id` with their session (visibility checked like the
 * message); providers fetch `/media/:id` with a signed, expiring URL. Every response is sandboxed so
 * a hostile upload cannot run script in an agent's session.
 */
export function attachmentRoutes(ctx: AppContext) {
  const router = Router();
  router.get(
    "/attachments/:id",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      const attachment = await findAttachmentFor(ctx, actor, String(req.params.id));
      await sendFile(ctx, res, attachment, req.query.download === "1");
    }),
  );
  router.get(
    "/media/:id",
    route(async (req, res) => {
      const id = String(req.params.id);
      if (!verifyAttachmentSignature(ctx.secrets, id, String(req.query.exp ?? ""), String(req.query.sig ?? ""))) {
        throw new AppError("forbidden", "Invalid or expired link");
      }
      const attachment = await ctx.db.attachment.findUnique({ where: { id }, select: fileSelect });
      if (!attachment) throw new AppError("not_found", "File not found");
      await sendFile(ctx, res, attachment, false);
    }),
  );
  return router;
}

const fileSelect = { id: true, filename: true, contentType: true, size: true, sha256: true } as const;
type FileRow = { filename: string; contentType: string; size: number; sha256: string };

async function findAttachmentFor(ctx: AppContext, actor: Actor, id: string) {
  const attachment = await ctx.db.attachment.findFirst({
    where: {
      id,
      OR: [
        // `is`: a bare `{}` (an admin's filter) on an optional relation would match nothing.
        { message: { is: visibleMessageWhere(actor) } },
        // Not yet sent: only the uploader sees it.
        { messageId: null, uploadedById: actor.id },
        // Documents in a library: shared across departments, as far as their customer is visible.
        { versions: { some: { document: visibleDocumentWhere(actor) } } },
      ],
    },
    select: fileSelect,
  });
  if (!attachment) throw new AppError("not_found", "File not found");
  return attachment;
}

export async function sendFile(ctx: AppContext, res: Response, file: FileRow, forceDownload: boolean) {
  const inline = !forceDownload && INLINE.test(file.contentType);
  // Text is only ever stored as text/plain when it decoded as UTF-8 (detectType); say so, or
  // browsers guess the encoding and garble Japanese.
  const type = file.contentType === "text/plain" ? "text/plain; charset=utf-8" : file.contentType;
  res.setHeader("Content-Type", inline ? type : "application/octet-stream");
  res.setHeader("Content-Length", String(file.size));
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader(
    "Content-Security-Policy",
    "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; plugin-types application/pdf",
  );
  res.setHeader("Cache-Control", "private, max-age=3600");
  res.setHeader(
    "Content-Disposition",
    `${inline ? "inline" : "attachment"}; filename="${asciiFallback(file.filename)}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
  );
  await new Promise<void>((resolve, reject) => {
    const stream = ctx.storage.stream(file.sha256);
    stream.on("error", reject);
    res.on("finish", resolve);
    res.on("close", resolve);
    stream.pipe(res);
  });
}

const asciiFallback = (name: string) => name.replace(/[^\x20-\x7e]|["\\]/g, "_");
