import { Router } from "express";
import type { AppContext } from "~/server/context.ts";
import { visibleMessageWhere } from "~/server/domain/access.ts";
import { AppError } from "~/server/lib/errors.ts";
import { FRAME_CSP, FRAME_HEAD, FRAME_TAIL } from "~/common/html-frame.ts";
import { route } from "./errors.ts";
import { requireActor } from "./authenticate.ts";

/**
 * A message's sanitised HTML kept in the file store (issue 17, finding 6), for the conversation's
 * sandboxed iframe. Visibility is checked like the message's own; a message the agent may not see
 * is a 404, as for attachments. The page is inert: `sandbox` in the CSP gives it an opaque origin
 * without scripts, forms or navigation of the app, whoever opens the URL and however.
 */
export function messageHtmlRoutes(ctx: AppContext) {
  const router = Router();
  router.get(
    "/messages/:id/html",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      const message = await ctx.db.message.findFirst({
        where: { AND: [{ id: String(req.params.id) }, visibleMessageWhere(actor)] },
        select: { htmlSha256: true },
      });
      if (!message?.htmlSha256) throw new AppError("not_found", "Message HTML not found");
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.setHeader("X-Content-Type-Options", "nosniff");
      // frame-ancestors: only the app's own pages may frame it.
      res.setHeader("Content-Security-Policy", `sandbox; ${FRAME_CSP}; frame-ancestors 'self'`);
      res.setHeader("Cache-Control", "private, max-age=3600");
      res.setHeader("ETag", `"${message.htmlSha256}"`);
      const body = await ctx.storage.read(message.htmlSha256);
      res.end(Buffer.concat([Buffer.from(FRAME_HEAD), body, Buffer.from(FRAME_TAIL)]));
    }),
  );
  return router;
}
