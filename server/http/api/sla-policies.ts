import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import {
  createSlaPolicy,
  deleteSlaPolicy,
  getSlaPolicy,
  listSlaPolicies,
  newSlaPolicy,
  slaPolicyPatch,
  updateSlaPolicy,
} from "~/server/domain/sla/sla-policies.ts";
import { apiRouter } from "./api-router.ts";

/** SLA policies (issue 12): the first enabled one, by position, whose conditions match applies. Mount after express.json(). */
export function slaPolicyRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.get(
    "/sla-policies",
    { summary: "List SLA policies in the order they are matched" },
    route(async (req, res) => {
      await requireActor(ctx, req, res);
      res.json({ items: await listSlaPolicies(ctx) });
    }),
  );
  api.post(
    "/sla-policies",
    {
      summary: "Create an SLA policy: conditions, first / next response and resolution minutes, businessHoursId, warnAtPercent (admin)",
      body: { name: "NewSlaPolicy", schema: newSlaPolicy },
      status: 201,
      admin: true,
    },
    route(async (req, res) => res.status(201).json(await createSlaPolicy(ctx, await requireActor(ctx, req, res), req.body ?? {}))),
  );
  api.get(
    "/sla-policies/:id",
    { summary: "One SLA policy" },
    route(async (req, res) => {
      await requireActor(ctx, req, res);
      res.json(await getSlaPolicy(ctx, String(req.params.id)));
    }),
  );
  api.patch(
    "/sla-policies/:id",
    { summary: "Change an SLA policy (admin)", body: { name: "SlaPolicyPatch", schema: slaPolicyPatch }, admin: true },
    route(async (req, res) =>
      res.json(await updateSlaPolicy(ctx, await requireActor(ctx, req, res), String(req.params.id), req.body ?? {})),
    ),
  );
  api.delete(
    "/sla-policies/:id",
    { summary: "Delete an SLA policy; its running clocks stop (admin)", status: 204, admin: true },
    route(async (req, res) => {
      await deleteSlaPolicy(ctx, await requireActor(ctx, req, res), String(req.params.id));
      res.status(204).end();
    }),
  );
  return api;
}
