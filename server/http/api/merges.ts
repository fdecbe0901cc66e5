import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { mergeConversations, mergeInput } from "~/server/domain/merge/merge-conversations.ts";
import { mergeContacts } from "~/server/domain/merge/merge-contacts.ts";
import { apiRouter } from "./api-router.ts";

const body = { name: "Merge", schema: mergeInput };

/** Merging duplicates (issue 6). Mount after express.json(). */
export function mergeRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.post(
    "/conversations/:id/merge",
    { summary: "Merge this conversation into another of the same customer (nothing is sent)", body },
    route(async (req, res) =>
      res.json(await mergeConversations(ctx, await requireActor(ctx, req, res), String(req.params.id), req.body ?? {})),
    ),
  );
  api.post(
    "/contacts/:id/merge",
    { summary: "Merge this customer into another: identities, conversations, messages and documents move", body },
    route(async (req, res) => res.json(await mergeContacts(ctx, await requireActor(ctx, req, res), String(req.params.id), req.body ?? {}))),
  );
  return api;
}
