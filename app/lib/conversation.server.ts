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
import { readForm } from "./read-form.server.ts";

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

const intent = z.enum(["reply", "note", "retry", "handoff", "update"]);

/**
 * The composer's and the header's forms. Each intent's fields go to its flow as they are, so the flow's
 * schema (the one the REST API documents) validates them; only form encoding is undone here.
 */
export async function conversationAction({ request, context, params }: Args) {
  const user = await requireUser(request, context);
  const form = await readForm(request);
  const parsed = intent.safeParse(form.get("intent"));
  if (!parsed.success) {
    return data({ ok: false as const, intent: String(form.get("intent") ?? ""), error: "Invalid request" }, { status: 400 });
  }
  const conversationId = params.conversationId ?? "";
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const ctx = context.app;
  switch (parsed.data) {
    case "reply":
      // seenMessageId: newest message on screen when the agent started writing (stale-reply guard).
      return actionResult("reply", () =>
        sendReply(ctx, user, {
          conversationId,
          text: field("text"),
          attachmentIds: form.getAll("attachmentIds"),
          seenMessageId: field("seenMessageId"),
          force: field("force") === "true",
        }),
      );
    case "note":
      return actionResult("note", () =>
        addNote(ctx, user, { conversationId, text: field("text"), attachmentIds: form.getAll("attachmentIds") }),
      );
    case "retry":
      return actionResult("retry", () => retryDelivery(ctx, user, field("messageId") ?? ""));
    case "handoff":
      return actionResult("handoff", () =>
        handoffConversation(ctx, user, conversationId, { departmentId: field("departmentId"), note: field("note") }),
      );
    case "update":
      return actionResult("update", () => updateConversation(ctx, user, conversationId, patchFromForm(field)));
  }
}

/** A select's "" means "none"; tags arrive comma-separated; an empty snooze date means "not given". */
function patchFromForm(field: (name: string) => string | undefined) {
  const nullable = (name: string) => {
    const value = field(name);
    return value === undefined ? undefined : value === "" ? null : value;
  };
  const tags = field("tags");
  return {
    status: field("status"),
    snoozedUntil: field("snoozedUntil") || undefined,
    assigneeId: nullable("assigneeId"),
    departmentId: nullable("departmentId"),
    priority: field("priority"),
    tags: tags
      ?.split(",")
      .map((t) => t.trim())
      .filter(Boolean),
  };
}

export type ConversationData = Awaited<ReturnType<typeof conversationLoader>>;
