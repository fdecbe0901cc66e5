import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import {
  cannedPatch,
  createCannedResponse,
  deleteCannedResponse,
  listCannedResponses,
  newCanned,
  renderCannedInput,
  renderCannedResponse,
  updateCannedResponse,
} from "~/server/domain/canned/canned-responses.ts";
import { apiRouter } from "./api-router.ts";
import { optionalString, queryParams } from "./query.ts";

/** Canned responses with variables (issue 6). Mount after express.json(). */
export function cannedResponseRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.get(
    "/canned-responses",
    { summary: "Canned responses the actor may use", query: queryParams("query") },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json({ items: await listCannedResponses(ctx, actor, optionalString(req.query.query)) });
    }),
  );
  api.post(
    "/canned-responses",
    {
      summary: "Create a canned response ({{contact.name}}, {{agent.name}}, {{conversation.number}} … variables)",
      body: { name: "NewCannedResponse", schema: newCanned },
      status: 201,
    },
    route(async (req, res) => res.status(201).json(await createCannedResponse(ctx, await requireActor(ctx, req, res), req.body ?? {}))),
  );
  api.patch(
    "/canned-responses/:id",
    { summary: "Change a canned response (its author or an admin)", body: { name: "CannedResponsePatch", schema: cannedPatch } },
    route(async (req, res) =>
      res.json(await updateCannedResponse(ctx, await requireActor(ctx, req, res), String(req.params.id), req.body ?? {})),
    ),
  );
  api.delete(
    "/canned-responses/:id",
    { summary: "Delete a canned response (its author or an admin)", status: 204 },
    route(async (req, res) => {
      await deleteCannedResponse(ctx, await requireActor(ctx, req, res), String(req.params.id));
      res.status(204).end();
    }),
  );
  api.post(
    "/canned-responses/:id/render",
    {
      summary: "A canned response's text with the variables filled for a conversation",
      body: { name: "RenderCanned", schema: renderCannedInput },
    },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await renderCannedResponse(ctx, actor, String(req.params.id), req.body ?? {}));
    }),
  );
  return api;
}
