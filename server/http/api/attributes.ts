import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import {
  createAttribute,
  createAttributeInput,
  deleteAttribute,
  listAttributes,
  updateAttribute,
  updateAttributeInput,
} from "~/server/domain/attributes/attribute-definitions.ts";
import { apiRouter } from "./api-router.ts";
import { optionalString, queryParams } from "./query.ts";

export function attributeRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.get(
    "/attributes",
    { summary: "Custom attribute definitions the actor may see (optionally of one entity)", query: queryParams("entity") },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await listAttributes(ctx, actor, optionalString(req.query.entity)));
    }),
  );
  api.post(
    "/attributes",
    {
      summary: "Define a custom attribute of contacts, companies or conversations",
      body: { name: "NewAttribute", schema: createAttributeInput },
      status: 201,
      admin: true,
    },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.status(201).json(await createAttribute(ctx, actor, req.body));
    }),
  );
  api.patch(
    "/attributes/:id",
    {
      summary: "Change an attribute's labels, options, required flag or departments",
      body: { name: "AttributeChange", schema: updateAttributeInput },
      admin: true,
    },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await updateAttribute(ctx, actor, String(req.params.id), req.body));
    }),
  );
  api.delete(
    "/attributes/:id",
    { summary: "Delete an attribute definition (stored values are kept)", admin: true },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await deleteAttribute(ctx, actor, String(req.params.id)));
    }),
  );
  return api;
}
