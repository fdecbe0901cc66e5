import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { search, searchInput } from "~/server/domain/search/search.ts";
import { apiRouter } from "./api-router.ts";

export function searchRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.get(
    "/search",
    {
      summary:
        'Full-text search of messages, notes, file names and subjects (words as prefixes, "phrases", -exclusions, Japanese substrings), one hit per conversation in `items`, with matching `contacts` and, on the first page, library `documents` (customers\' and companies\' files found by title or file name: `kind: "document"`, documentId, title, snippet, highlights, contact, company, file { id, filename, version, url }, updatedAt; none under channel, status, department, assignee, tag or date filters); with filters and an empty q, the matching conversations newest first',
      query: searchInput,
    },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await search(ctx, actor, req.query));
    }),
  );
  return api;
}
