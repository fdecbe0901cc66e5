import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { requireRole } from "~/server/domain/access.ts";
import { dismissDuplicate } from "~/server/domain/duplicates/dismiss-duplicate.ts";
import { listDuplicates } from "~/server/domain/duplicates/list-duplicates.ts";
import { refreshDuplicates } from "~/server/domain/duplicates/refresh-duplicates.ts";
import { apiRouter } from "./api-router.ts";

/** Duplicate suggestions (issue 14, docs/decisions/023); merging is POST /contacts/:id/merge. */
export function duplicateRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.get(
    "/duplicates",
    { summary: "Contacts that are probably the same person, with the reasons (phone, email, name, reading)" },
    route(async (req, res) => res.json(await listDuplicates(ctx, await requireActor(ctx, req, res)))),
  );
  api.post(
    "/duplicates/:id/dismiss",
    { summary: "Not the same person: the suggestion stays dismissed on later scans" },
    route(async (req, res) => res.json(await dismissDuplicate(ctx, await requireActor(ctx, req, res), String(req.params.id)))),
  );
  api.post(
    "/duplicates/refresh",
    { summary: "Scan all contacts for duplicates now (also after each import and every 15 minutes)" },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      requireRole(actor, "admin", "agent");
      res.json(await refreshDuplicates(ctx));
    }),
  );
  return api;
}
