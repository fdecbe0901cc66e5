import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { conversationDrafts, listMyDrafts } from "~/server/domain/drafts/list-drafts.ts";
import { saveDraft, saveDraftInput } from "~/server/domain/drafts/save-draft.ts";
import { apiRouter } from "./api-router.ts";
import { optionalString, queryParams } from "./query.ts";

/** Agents' unsent replies and notes (autosave). Mount after express.json(). */
export function draftRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.get(
    "/drafts",
    { summary: "The actor's own unsent drafts (with text)", query: queryParams("conversationId") },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json({ items: await listMyDrafts(ctx, actor, optionalString(req.query.conversationId)) });
    }),
  );
  api.get(
    "/conversations/:id/drafts",
    { summary: "The actor's drafts on a conversation and which teammates have one (no text)" },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      const { mine, all } = await conversationDrafts(ctx, actor, String(req.params.id));
      res.json({ mine, others: all.filter((d) => d.userId !== actor.id) });
    }),
  );
  api.put(
    "/conversations/:id/drafts/:kind",
    { summary: "Autosave a draft (kind reply or note); empty text deletes it", body: { name: "Draft", schema: saveDraftInput } },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await saveDraft(ctx, actor, String(req.params.id), req.params.kind, req.body ?? {}));
    }),
  );
  return api;
}
