import { data, type AppLoadContext } from "react-router";
import { z } from "zod";
import { requireUser } from "./auth.server.ts";
import {
  addNote,
  getConversation,
  handoffConversation,
  listConversationDrafts,
  listMyDrafts,
  retryDelivery,
  sendReply,
  updateConversation,
} from "./domain.server.ts";
import { actionResult, orThrowResponse } from "./errors.server.ts";

type Args = { request: Request; context: AppLoadContext; params: { conversationId?: string } };

export async function conversationLoader({ request, context, params }: Args) {
  const user = await requireUser(request, context);
  const id = params.conversationId ?? "";
  const result = await orThrowResponse(getConversation(context.app, user, id));
  const [drafts, allDrafts] = await Promise.all([listMyDrafts(context.app, user, id), listConversationDrafts(context.app, user, id)]);
  return {
    ...result,
    drafts: { reply: drafts.find((d) => d.kind === "reply")?.text ?? "", note: drafts.find((d) => d.kind === "note")?.text ?? "" },
    /** Colleagues with an unsent draft here (who and which kind, never the text). */
    teammateDrafts: allDrafts.filter((d) => d.userId !== user.id),
    canReply: user.role !== "viewer",
    canEdit: user.role !== "viewer",
  };
}

const text = z.string().max(100_000);
const ids = z.array(z.string().min(1).max(64)).max(20);
const nullableId = z
  .string()
  .max(64)
  .transform((v) => (v === "" ? null : v));

const intents = z.discriminatedUnion("intent", [
  // seenMessageId: newest message on screen when the agent started writing (stale-reply guard).
  z.object({
    intent: z.literal("reply"),
    text,
    attachmentIds: ids,
    seenMessageId: z.string().min(1).max(64).optional(),
    force: z.literal("true").optional(),
  }),
  z.object({ intent: z.literal("note"), text, attachmentIds: ids }),
  z.object({ intent: z.literal("retry"), messageId: z.string().min(1).max(64) }),
  z.object({ intent: z.literal("handoff"), departmentId: z.string().max(64), note: z.string().max(20_000) }),
  z.object({
    intent: z.literal("update"),
    status: z.enum(["open", "pending", "snoozed", "resolved", "closed"]).optional(),
    snoozedUntil: z.string().optional(),
    assigneeId: nullableId.optional(),
    departmentId: nullableId.optional(),
    priority: z.enum(["low", "normal", "high", "urgent"]).optional(),
    tags: z.string().max(2000).optional(),
  }),
]);

export async function conversationAction({ request, context, params }: Args) {
  const user = await requireUser(request, context);
  const form = await request.formData();
  const parsed = intents.safeParse({
    ...Object.fromEntries([...form.keys()].map((k) => [k, form.get(k)])),
    attachmentIds: form.getAll("attachmentIds"),
  });
  if (!parsed.success) {
    return data({ ok: false as const, intent: String(form.get("intent") ?? ""), error: "Invalid request" }, { status: 400 });
  }
  const conversationId = params.conversationId ?? "";
  const input = parsed.data;
  const ctx = context.app;
  switch (input.intent) {
    case "reply":
      return actionResult("reply", () =>
        sendReply(ctx, user, {
          conversationId,
          text: input.text,
          attachmentIds: input.attachmentIds,
          seenMessageId: input.seenMessageId,
          force: input.force === "true",
        }),
      );
    case "note":
      return actionResult("note", () => addNote(ctx, user, { conversationId, text: input.text, attachmentIds: input.attachmentIds }));
    case "retry":
      return actionResult("retry", () => retryDelivery(ctx, user, input.messageId));
    case "handoff":
      return actionResult("handoff", () =>
        handoffConversation(ctx, user, conversationId, { departmentId: input.departmentId, note: input.note }),
      );
    case "update": {
      const { intent: _intent, tags, snoozedUntil, ...patch } = input;
      return actionResult("update", () =>
        updateConversation(ctx, user, conversationId, {
          ...patch,
          ...(tags !== undefined
            ? {
                tags: tags
                  .split(",")
                  .map((t) => t.trim())
                  .filter(Boolean),
              }
            : {}),
          ...(snoozedUntil ? { snoozedUntil } : {}),
        }),
      );
    }
  }
}

export type ConversationData = Awaited<ReturnType<typeof conversationLoader>>;
