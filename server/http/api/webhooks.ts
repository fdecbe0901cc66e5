import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhooks,
  newWebhook,
  rotateWebhookSecret,
  updateWebhook,
  webhookPatch,
} from "~/server/domain/webhooks/manage-webhooks.ts";
import { listWebhookDeliveries, redeliverWebhook, sendTestWebhook } from "~/server/domain/webhooks/webhook-deliveries.ts";
import { apiRouter } from "./api-router.ts";
import { pageQuery, queryParams } from "./query.ts";

/** Outgoing webhooks (issue 15; docs/webhooks.md). Admins only. Mount after express.json(). */
export function webhookRoutes(ctx: AppContext) {
  const api = apiRouter();
  const id = (req: { params: Record<string, unknown> }) => String(req.params.id);
  api.get(
    "/webhooks",
    { summary: "Registered webhook endpoints", admin: true },
    route(async (req, res) => res.json({ items: await listWebhooks(ctx, await requireActor(ctx, req, res)) })),
  );
  api.post(
    "/webhooks",
    {
      summary: "Register an endpoint for events; the answer carries its signing secret, shown this once",
      body: { name: "NewWebhook", schema: newWebhook },
      status: 201,
      admin: true,
    },
    route(async (req, res) => res.status(201).json(await createWebhook(ctx, await requireActor(ctx, req, res), req.body ?? {}))),
  );
  api.get(
    "/webhooks/:id",
    { summary: "One webhook endpoint", admin: true },
    route(async (req, res) => res.json(await getWebhook(ctx, await requireActor(ctx, req, res), id(req)))),
  );
  api.patch(
    "/webhooks/:id",
    {
      summary: "Change an endpoint's URL, events or enabled (enabling clears a failure stop)",
      body: { name: "WebhookPatch", schema: webhookPatch },
      admin: true,
    },
    route(async (req, res) => res.json(await updateWebhook(ctx, await requireActor(ctx, req, res), id(req), req.body ?? {}))),
  );
  api.delete(
    "/webhooks/:id",
    { summary: "Delete an endpoint and its delivery log", status: 204, admin: true },
    route(async (req, res) => {
      await deleteWebhook(ctx, await requireActor(ctx, req, res), id(req));
      res.status(204).end();
    }),
  );
  api.post(
    "/webhooks/:id/rotate-secret",
    { summary: "Replace the signing secret; the new one is in this answer only", admin: true },
    route(async (req, res) => res.json(await rotateWebhookSecret(ctx, await requireActor(ctx, req, res), id(req)))),
  );
  api.post(
    "/webhooks/:id/test",
    { summary: "Send a webhook.test event to this endpoint", status: 202, admin: true },
    route(async (req, res) => res.status(202).json(await sendTestWebhook(ctx, await requireActor(ctx, req, res), id(req)))),
  );
  api.get(
    "/webhooks/:id/deliveries",
    {
      summary: "Delivery log, newest first: status, attempts, latency, response snippet",
      query: queryParams("cursor", "limit"),
      admin: true,
    },
    route(async (req, res) => res.json(await listWebhookDeliveries(ctx, await requireActor(ctx, req, res), id(req), pageQuery(req)))),
  );
  api.post(
    "/webhooks/:id/deliveries/:deliveryId/redeliver",
    { summary: "Send a delivery again with the same event id", status: 202, admin: true },
    route(async (req, res) =>
      res.status(202).json(await redeliverWebhook(ctx, await requireActor(ctx, req, res), id(req), String(req.params.deliveryId))),
    ),
  );
  return api;
}
