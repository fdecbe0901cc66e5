import { Router } from "express";
import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import {
  createCannedResponse,
  deleteCannedResponse,
  listCannedResponses,
  renderCannedResponse,
  updateCannedResponse,
} from "~/server/domain/canned/canned-responses.ts";
import { optionalString } from "./query.ts";

const renderBody = z.object({ conversationId: z.string().min(1).max(64) }).strict();

/** Canned responses with variables (issue 6). Mount after express.json(). */
export function cannedResponseRoutes(ctx: AppContext) {
  const router = Router();
  router.get(
    "/canned-responses",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json({ items: await listCannedResponses(ctx, actor, optionalString(req.query.query)) });
    }),
  );
  router.post(
    "/canned-responses",
    route(async (req, res) => res.status(201).json(await createCannedResponse(ctx, await requireActor(ctx, req, res), req.body ?? {}))),
  );
  router.patch(
    "/canned-responses/:id",
    route(async (req, res) =>
      res.json(await updateCannedResponse(ctx, await requireActor(ctx, req, res), String(req.params.id), req.body ?? {})),
    ),
  );
  router.delete(
    "/canned-responses/:id",
    route(async (req, res) => {
      await deleteCannedResponse(ctx, await requireActor(ctx, req, res), String(req.params.id));
      res.status(204).end();
    }),
  );
  router.post(
    "/canned-responses/:id/render",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      const body = renderBody.parse(req.body ?? {});
      res.json(await renderCannedResponse(ctx, actor, String(req.params.id), body.conversationId));
    }),
  );
  return router;
}
