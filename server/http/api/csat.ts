import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { listCsatQuery, listCsatResponses } from "~/server/domain/csat/list-csat-responses.ts";
import { apiRouter } from "./api-router.ts";

export function csatRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.get(
    "/csat",
    {
      summary:
        "Satisfaction survey responses, newest answer first (from/to bound the answer time; restricted departments only for members)",
      query: listCsatQuery,
    },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await listCsatResponses(ctx, actor, req.query));
    }),
  );
  return api;
}
