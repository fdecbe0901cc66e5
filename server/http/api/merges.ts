import { Router } from "express";
import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { mergeConversations } from "~/server/domain/merge/merge-conversations.ts";
import { mergeContacts } from "~/server/domain/merge/merge-contacts.ts";

/** Merging duplicates (issue 6). Mount after express.json(). */
export function mergeRoutes(ctx: AppContext) {
  const router = Router();
  router.post(
    "/conversations/:id/merge",
    route(async (req, res) =>
      res.json(await mergeConversations(ctx, await requireActor(ctx, req, res), String(req.params.id), req.body ?? {})),
    ),
  );
  router.post(
    "/contacts/:id/merge",
    route(async (req, res) => res.json(await mergeContacts(ctx, await requireActor(ctx, req, res), String(req.params.id), req.body ?? {}))),
  );
  return router;
}
