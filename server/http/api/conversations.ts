import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { badRequest } from "~/server/lib/errors.ts";
import { INBOX_VIEWS, STATUS_FILTERS } from "~/common/vocabulary.ts";
import { listConversations } from "~/server/domain/conversations/list-conversations.ts";
import { parseConversationFilter } from "~/server/domain/attributes/compile-conversation-filter.ts";
import { getConversation } from "~/server/domain/conversations/get-conversation.ts";
import { conversationPatch, updateConversation } from "~/server/domain/conversations/update-conversation.ts";
import { replyBody, sendReply } from "~/server/domain/messages/send-reply.ts";
import { addNote, noteBody } from "~/server/domain/messages/add-note.ts";
import { cancelReply } from "~/server/domain/messages/cancel-reply.ts";
import { retryDelivery } from "~/server/domain/messages/retry-delivery.ts";
import { markConversationRead } from "~/server/domain/conversations/read-state.ts";
import { bulkInput, bulkUpdateConversations } from "~/server/domain/conversations/bulk-update-conversations.ts";
import { recordView } from "~/server/domain/reports/record-report-event.ts";
import { apiRouter } from "./api-router.ts";
import { optionalString, pageQuery, queryParams, withPathIds } from "./query.ts";

const listQuery = z.object({
  status: z.enum(STATUS_FILTERS).optional(),
  view: z.enum(INBOX_VIEWS).optional(),
});

export function conversationRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.get(
    "/conversations",
    {
      summary:
        'Conversations, newest activity first; `filter` is JSON over conversation, contact and company attributes, e.g. {"all":[{"field":"contact.attribute.plan","op":"is","value":"pro"}]}',
      query: listQuery.extend(queryParams("departmentId", "assigneeId", "contactId", "filter", "cursor", "limit").shape),
    },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      const q = listQuery.safeParse({ status: optionalString(req.query.status), view: optionalString(req.query.view) });
      if (!q.success) throw badRequest(`status must be one of ${STATUS_FILTERS.join(", ")}`);
      const page = await listConversations(ctx, actor, {
        ...q.data,
        departmentId: optionalString(req.query.departmentId),
        assigneeId: optionalString(req.query.assigneeId),
        contactId: optionalString(req.query.contactId),
        filter: parseConversationFilter(optionalString(req.query.filter)),
        ...pageQuery(req),
      });
      res.json(page);
    }),
  );
  api.post(
    "/conversations/bulk",
    {
      summary:
        "One action (assign, department, tag, status, merge) on many conversations; each id gets its own result, and one the caller cannot see or change fails alone",
      body: { name: "ConversationBulkAction", schema: bulkInput },
    },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await bulkUpdateConversations(ctx, actor, req.body ?? {}));
    }),
  );
  api.get(
    "/conversations/:id",
    { summary: "A conversation with its messages and their delivery status" },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      const result = await getConversation(ctx, actor, String(req.params.id));
      recordView(ctx, actor, { conversationId: result.conversation.id });
      res.json(result);
    }),
  );
  api.patch(
    "/conversations/:id",
    {
      summary: "Change status, assignee, department, priority, tags or custom attributes",
      body: { name: "ConversationPatch", schema: conversationPatch },
    },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      await updateConversation(ctx, actor, String(req.params.id), req.body ?? {});
      res.json((await getConversation(ctx, actor, String(req.params.id))).conversation);
    }),
  );
  api.post(
    "/conversations/:id/messages",
    {
      summary:
        "Reply to the customer (sent through the outbox). With delaySeconds (0–30) or sendAt (≤ 24 h ahead) the reply is held until then and can be cancelled at POST /messages/{id}/cancel; without, it is sent at once",
      body: { name: "NewReply", schema: replyBody },
      status: 202,
    },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.status(202).json(await sendReply(ctx, actor, withPathIds(req.body, { conversationId: String(req.params.id) })));
    }),
  );
  api.post(
    "/conversations/:id/notes",
    { summary: "Add an internal note", body: { name: "NewNote", schema: noteBody }, status: 201 },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.status(201).json(await addNote(ctx, actor, withPathIds(req.body, { conversationId: String(req.params.id) })));
    }),
  );
  api.post(
    "/conversations/:id/read",
    { summary: "Mark the conversation read for the calling agent (unread = a newer customer message)", status: 204 },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      await markConversationRead(ctx, actor, String(req.params.id));
      res.status(204).end();
    }),
  );
  api.post(
    "/messages/:id/retry",
    { summary: "Queue a failed outbound message, or one that may have been sent, again", status: 202 },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      await retryDelivery(ctx, actor, String(req.params.id));
      res.status(202).json({ ok: true });
    }),
  );
  api.post(
    "/messages/:id/cancel",
    {
      summary:
        "Undo a held reply before its send time (decision 027): the reply is deleted and its text and attachments returned; 409 once it is on its way",
    },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await cancelReply(ctx, actor, String(req.params.id)));
    }),
  );
  return api;
}
