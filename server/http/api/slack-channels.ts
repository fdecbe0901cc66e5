import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { linkChannel, listChannelLinks, unlinkChannel } from "~/server/domain/channel-links/link-channel.ts";
import { apiRouter } from "./api-router.ts";

/** Admin API for shared Slack channels linked to customers. Mount under /api/v1 after express.json(). */
export function slackChannelRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.get(
    "/inboxes/:inboxId/slack-channels",
    { summary: "Slack channels of a Slack inbox linked to customers (admin)", admin: true },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json({ items: await listChannelLinks(ctx, actor, String(req.params.inboxId)) });
    }),
  );
  api.put(
    "/inboxes/:inboxId/slack-channels/:channelId",
    { summary: "Link a shared Slack channel to a contact or a company (admin; body: contactId or companyId)", admin: true },
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
  api.delete(
    "/inboxes/:inboxId/slack-channels/:channelId",
    { summary: "Unlink a Slack channel (admin)", status: 204, admin: true },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      await unlinkChannel(ctx, actor, { inboxId: String(req.params.inboxId), channelId: String(req.params.channelId) });
      res.status(204).end();
    }),
  );
  return api;
}
