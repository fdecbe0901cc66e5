import { data, type AppLoadContext } from "react-router";
import { z } from "zod";
import { requireUser } from "./auth.server.ts";
import {
  addNote,
  cancelReply,
  sendDelayOf,
  getConversation,
  handoffConversation,
  recordView,
  conversationDrafts,
  listMacros,
  retryDelivery,
  runMacro,
  sendReply,
  updateConversation,
} from "./domain.server.ts";
import { actionResult, actionResultWith, orThrowResponse } from "./errors.server.ts";
import { csatRatings } from "./csat.server.ts";
import { readForm } from "./read-form.server.ts";

type Args = { request: Request; context: AppLoadContext; params: { conversationId?: string } };

export async function conversationLoader({ request, context, params }: Args) {
  const user = await requireUser(request, context);
  const id = params.conversationId ?? "";
  const aroundMessageId = new URL(request.url).searchParams.get("message") ?? undefined;
  const result = await orThrowResponse(getConversation(context.app, user, id, { aroundMessageId }));
  recordView(context.app, user, { conversationId: result.conversation.id });
  // One statement each (issue 10): the drafts (the agent's with text, and who else has one), the
  // ratings, the macros. PGlite runs them one after another anyway; PostgreSQL in parallel.
  const [drafts, csat, macros] = await Promise.all([
    conversationDrafts(context.app, user, id),
    csatRatings(context.app, user, { conversationId: id }),
    user.role === "viewer" ? [] : listMacros(context.app, user),
  ]);
  const mine = (kind: "reply" | "note") => drafts.mine.find((d) => d.kind === kind)?.text ?? "";
  return {
    ...result,
    drafts: { reply: mine("reply"), note: mine("note") },
    /** Colleagues with an unsent draft here (who and which kind, never the text). */
    teammateDrafts: drafts.all.filter((d) => d.userId !== user.id),
    /** Satisfaction survey answers of this conversation (issue 12). */
    csat,
    /** The macros an agent can run here (the header's Macros menu and shortcuts). */
    macros: macros.map((m) => ({ id: m.id, name: m.name, shortcut: m.shortcut })),
    canReply: user.role !== "viewer",
    canEdit: user.role !== "viewer",
  };
}

const intent = z.enum(["reply", "note", "retry", "handoff", "update", "macro", "cancel"]);

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
      // The agent's undo window (decision 027): the reply is held that long, server-side.
      return actionResultWith("reply", async () =>
        sendReply(ctx, user, {
          conversationId,
          text: field("text"),
          attachmentIds: form.getAll("attachmentIds"),
          seenMessageId: field("seenMessageId"),
          force: field("force") === "true",
          delaySeconds: await sendDelayOf(ctx, user.id),
        }),
      );
    case "cancel":
      return actionResultWith("cancel", () => cancelReply(ctx, user, field("messageId") ?? ""));
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
    case "macro": {
      // Which macro ran and which of its actions failed, for the header to say.
      let outcome: Awaited<ReturnType<typeof runMacro>> | undefined;
      const result = await actionResult("macro", async () => {
        outcome = await runMacro(ctx, user, field("macroId") ?? "", { conversationId });
      });
      return outcome ? { ...(result as { ok: true; intent: string }), ...outcome } : result;
    }
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
    // "customer-reply": snoozed until the customer writes again (null to the flow).
    snoozedUntil: field("snoozedUntil") === "customer-reply" ? null : field("snoozedUntil") || undefined,
    assigneeId: nullable("assigneeId"),
    departmentId: nullable("departmentId"),
    priority: field("priority"),
    // "Resolve without survey" (issue 12).
    sendSurvey: field("sendSurvey") === "false" ? false : undefined,
    undo: field("undo") === "true" ? true : undefined,
    tags: tags
      ?.split(",")
      .map((t) => t.trim())
      .filter(Boolean),
  };
}

export type ConversationData = Awaited<ReturnType<typeof conversationLoader>>;
