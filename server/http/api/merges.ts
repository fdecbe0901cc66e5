import { Router } from "express";
import type { AppContext } from "../../context.ts";
import { route } from "../errors.ts";
import { requireActor } from "../authenticate.ts";
import { mergeConversations } from "../../domain/merge/merge-conversations.ts";
import { mergeContacts } from "../../domain/merge/merge-contacts.ts";

/** Merging duplicates (issue 6). Mount after express.json(). */
export function mergeRoutes(ctx: AppContext) {
  const router = Router();
  router.post(
    "/conversations/:id/merge",
    route(async (req, res) => res.json(await mergeConversations(ctx, await requireActor(ctx, req, res), String(req.params.id), req.body ?? {}))),
  );
  router.post(
    "/contacts/:id/merge",
    route(async (req, res) => res.json(await mergeContacts(ctx, await requireActor(ctx, req, res), String(req.params.id), req.body ?? {}))),
  );
  return router;
}
