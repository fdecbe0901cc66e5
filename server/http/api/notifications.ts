import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { listNotifications, markNotificationsRead, markReadInput } from "~/server/domain/notifications/list-notifications.ts";
import { apiRouter } from "./api-router.ts";
import { pageQuery, queryParams } from "./query.ts";

/** The actor's notifications (mentions, assignments, replies, handoffs). Mount after express.json(). */
export function notificationRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.get(
    "/notifications",
    { summary: "The actor's notifications, newest first, with the unread count", query: queryParams("unread", "cursor", "limit") },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      const unread = ["1", "true"].includes(String(req.query.unread ?? ""));
      res.json(await listNotifications(ctx, actor, { unread, ...pageQuery(req) }));
    }),
  );
  api.post(
    "/notifications/read",
    { summary: "Mark notifications read", body: { name: "MarkRead", schema: markReadInput } },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await markNotificationsRead(ctx, actor, req.body ?? {}));
    }),
  );
  return api;
}
