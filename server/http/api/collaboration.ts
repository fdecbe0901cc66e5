import { Router } from "express";
import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { listNotifications, markNotificationsRead } from "~/server/domain/notifications/list-notifications.ts";
import { listConversationDrafts, listMyDrafts, saveDraft } from "~/server/domain/drafts/drafts.ts";
import { handoffConversation } from "~/server/domain/assignment/handoff.ts";
import { setUserCapacity, updateDepartmentSettings } from "~/server/domain/assignment/department-settings.ts";
import { optionalString, pageQuery } from "./query.ts";

/** Notifications, drafts, handoffs and assignment settings (issue 6). Mount after express.json(). */
export function collaborationRoutes(ctx: AppContext) {
  const router = Router();
  router.get(
    "/notifications",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      const unread = ["1", "true"].includes(String(req.query.unread ?? ""));
      res.json(await listNotifications(ctx, actor, { unread, ...pageQuery(req) }));
    }),
  );
  router.post(
    "/notifications/read",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await markNotificationsRead(ctx, actor, req.body ?? {}));
    }),
  );
  router.get(
    "/drafts",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json({ items: await listMyDrafts(ctx, actor, optionalString(req.query.conversationId)) });
    }),
  );
  router.get(
    "/conversations/:id/drafts",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      const id = String(req.params.id);
      res.json({
        mine: await listMyDrafts(ctx, actor, id),
        others: (await listConversationDrafts(ctx, actor, id)).filter((d) => d.userId !== actor.id),
      });
    }),
  );
  router.put(
    "/conversations/:id/drafts/:kind",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await saveDraft(ctx, actor, String(req.params.id), String(req.params.kind), req.body ?? {}));
    }),
  );
  router.post(
    "/conversations/:id/handoff",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await handoffConversation(ctx, actor, String(req.params.id), req.body ?? {}));
    }),
  );
  router.patch(
    "/departments/:id",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await updateDepartmentSettings(ctx, actor, String(req.params.id), req.body ?? {}));
    }),
  );
  router.patch(
    "/users/:id/capacity",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await setUserCapacity(ctx, actor, String(req.params.id), req.body ?? {}));
    }),
  );
  return router;
}
