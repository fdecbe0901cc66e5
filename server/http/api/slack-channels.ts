import { Router } from "express";
import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { linkChannel, listChannelLinks, unlinkChannel } from "~/server/domain/channel-links/link-channel.ts";

/** Admin API for shared Slack channels linked to customers. Mount under /api/v1 after express.json(). */
export function slackChannelRoutes(ctx: AppContext) {
  const router = Router();
  router.get(
    "/inboxes/:inboxId/slack-channels",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json({ items: await listChannelLinks(ctx, actor, String(req.params.inboxId)) });
    }),
  );
  router.put(
    "/inboxes/:inboxId/slack-channels/:channelId",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(
        await linkChannel(ctx, actor, {
          inboxId: String(req.params.inboxId),
          channelId: String(req.params.channelId),
          body: req.body,
        }),
      );
    }),
  );
  router.delete(
    "/inboxes/:inboxId/slack-channels/:channelId",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      await unlinkChannel(ctx, actor, { inboxId: String(req.params.inboxId), channelId: String(req.params.channelId) });
      res.status(204).end();
    }),
  );
  return router;
}
