import { Router } from "express";
import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { badRequest } from "~/server/lib/errors.ts";
import { listConversations } from "~/server/domain/conversations/list-conversations.ts";
import { getConversation } from "~/server/domain/conversations/get-conversation.ts";
import { updateConversation } from "~/server/domain/conversations/update-conversation.ts";
import { sendReply } from "~/server/domain/messages/send-reply.ts";
import { addNote } from "~/server/domain/messages/add-note.ts";
import { retryDelivery } from "~/server/domain/messages/retry-delivery.ts";
import { markConversationRead } from "~/server/domain/conversations/read-state.ts";
import { optionalString, pageQuery } from "./query.ts";

const listQuery = z.object({
  status: z.enum(["open", "pending", "snoozed", "resolved", "closed", "active"]).optional(),
  view: z.enum(["mine", "unassigned", "all"]).optional(),
});
const messageBody = z.object({
  text: z.string().max(200_000).default(""),
  attachmentIds: z.array(z.string().min(1).max(64)).max(20).optional(),
  // Stale-reply guard (see server/domain/presence/check-stale-reply.ts).
  seenMessageId: z.string().min(1).max(64).optional(),
  seenAt: z.iso.datetime({ offset: true }).optional(),
  force: z.boolean().optional(),
});

export function conversationRoutes(ctx: AppContext) {
  const router = Router();
  router.get(
    "/conversations",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      const q = listQuery.safeParse({ status: optionalString(req.query.status), view: optionalString(req.query.view) });
      if (!q.success) throw badRequest("status must be one of open, pending, snoozed, resolved, closed, active");
      const page = await listConversations(ctx, actor, {
        ...q.data,
        departmentId: optionalString(req.query.departmentId),
        assigneeId: optionalString(req.query.assigneeId),
        contactId: optionalString(req.query.contactId),
        ...pageQuery(req),
      });
      res.json(page);
    }),
  );
  router.get(
    "/conversations/:id",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await getConversation(ctx, actor, String(req.params.id)));
    }),
  );
  router.patch(
    "/conversations/:id",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      await updateConversation(ctx, actor, String(req.params.id), req.body ?? {});
      res.json((await getConversation(ctx, actor, String(req.params.id))).conversation);
    }),
  );
  router.post(
    "/conversations/:id/messages",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      const body = messageBody.parse(req.body ?? {});
      res.status(202).json(await sendReply(ctx, actor, { conversationId: String(req.params.id), ...body }));
    }),
  );
  router.post(
    "/conversations/:id/notes",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      const body = messageBody.parse(req.body ?? {});
      res.status(201).json(await addNote(ctx, actor, { conversationId: String(req.params.id), ...body }));
    }),
  );
  router.post(
    "/conversations/:id/read",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      await markConversationRead(ctx, actor, String(req.params.id));
      res.status(204).end();
    }),
  );
  router.post(
    "/messages/:id/retry",
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      await retryDelivery(ctx, actor, String(req.params.id));
      res.status(202).json({ ok: true });
    }),
  );
  return router;
}
