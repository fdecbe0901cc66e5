import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { createPersonalApiToken, listApiTokens, newApiTokenInput, revokeApiToken } from "~/server/auth/api-token.ts";
import { notFound } from "~/server/lib/errors.ts";
import { apiRouter } from "./api-router.ts";

/** The signed-in user's own API tokens: the plaintext is in the creation answer only. */
export function apiTokenRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.get(
    "/api-tokens",
    { summary: "Your API tokens with when each was last used" },
    route(async (req, res) => res.json({ items: await listApiTokens(ctx, (await requireActor(ctx, req, res)).id) })),
  );
  api.post(
    "/api-tokens",
    {
      summary: "Create an API token; the token is shown in this answer only",
      body: { name: "NewApiToken", schema: newApiTokenInput },
      status: 201,
    },
    route(async (req, res) => res.status(201).json(await createPersonalApiToken(ctx, await requireActor(ctx, req, res), req.body ?? {}))),
  );
  api.delete(
    "/api-tokens/:id",
    { summary: "Revoke one of your API tokens", status: 204 },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      if (!(await revokeApiToken(ctx, actor.id, String(req.params.id), { ip: actor.ip }))) throw notFound("API token");
      res.status(204).end();
    }),
  );
  return api;
}
