import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import type { RuleCause } from "~/server/events/bus.ts";
import { updateConversation } from "~/server/domain/conversations/update-conversation.ts";
import { autoAssignConversation } from "~/server/domain/assignment/auto-assign.ts";
import { addNote } from "~/server/domain/messages/add-note.ts";
import { sendReply } from "~/server/domain/messages/send-reply.ts";
import { firstNameOf, renderCanned } from "~/server/domain/canned/render-canned.ts";
import { conversationLabel, notify } from "~/server/domain/notifications/notify.ts";
import { AppError, notFound } from "~/server/lib/errors.ts";
import { sendSurvey } from "~/server/domain/csat/send-survey.ts";
import { updateContact } from "~/server/domain/contacts/update-contact.ts";
import { updateCompany } from "~/server/domain/companies/update-company.ts";
import { enqueueWebhookEvent } from "~/server/domain/webhooks/enqueue-webhook-event.ts";
import type { Action } from "./rule-schema.ts";
import { addRuleNote, sendRuleReply } from "./rule-messages.ts";

/**
 * Who runs an action: an agent running a macro (their own permissions, their name on the timeline),
 * or a rule (`cause`: the timeline says "by rule ‹name›", and the changes carry the chain).
 */
export interface ActionRun {
  actor: Actor;
  cause?: RuleCause;
}

/** The actor a rule acts as: it may change any conversation; its changes are recorded as the rule's. */
export function ruleActor(rule: { id: string; name: string }): Actor {
  return { id: `rule:${rule.id}`, email: "", name: `Rule "${rule.name}"`, role: "admin", locale: "en", departmentIds: [], rule };
}

type Runner<T extends Action["type"]> = (
  ctx: AppContext,
  run: ActionRun,
  conversationId: string,
  action: Extract<Action, { type: T }>,
) => Promise<unknown>;

const patch = (ctx: AppContext, run: ActionRun, id: string, body: Record<string, unknown>) =>
  updateConversation(ctx, run.actor, id, body, run.cause);

const currentTags = async (ctx: AppContext, id: string) =>
  (await ctx.db.conversation.findUniqueOrThrow({ where: { id }, select: { tags: true } })).tags;

/** One runner per action type. */
const runners: { [T in Action["type"]]: Runner<T> } = {
  assign_agent: (ctx, run, id, a) => patch(ctx, run, id, { assigneeId: a.userId }),
  assign_department: (ctx, run, id, a) => patch(ctx, run, id, { departmentId: a.departmentId }),
  auto_assign: (ctx, run, id) => autoAssignConversation(ctx, id, undefined, run.cause?.rule),
  set_status: (ctx, run, id, a) => patch(ctx, run, id, { status: a.status }),
  set_priority: (ctx, run, id, a) => patch(ctx, run, id, { priority: a.priority }),
  add_tags: async (ctx, run, id, a) =>
    patch(ctx, run, id, { tags: [...new Set([...(await currentTags(ctx, id)), ...a.tags])].slice(0, 20) }),
  remove_tags: async (ctx, run, id, a) => patch(ctx, run, id, { tags: (await currentTags(ctx, id)).filter((t) => !a.tags.includes(t)) }),
  add_note: (ctx, run, id, a) =>
    run.cause ? addRuleNote(ctx, id, a.text, run.cause) : addNote(ctx, run.actor, { conversationId: id, text: a.text }),
  send_canned: async (ctx, run, id, a) => {
    const canned = await ctx.db.cannedResponse.findUnique({ where: { id: a.cannedResponseId }, select: { body: true } });
    if (!canned) throw notFound("Canned response");
    const c = await ctx.db.conversation.findUniqueOrThrow({
      where: { id },
      select: { number: true, subject: true, contact: { select: { name: true } }, assignee: { select: { name: true } } },
    });
    const agentName = run.cause ? (c.assignee?.name ?? "Support") : run.actor.name;
    const text = renderCanned(canned.body, {
      contact: { name: c.contact.name, firstName: firstNameOf(c.contact.name) },
      agent: { name: agentName, firstName: firstNameOf(agentName) },
      conversation: { number: c.number, subject: c.subject },
    });
    return run.cause ? sendRuleReply(ctx, id, text, run.cause) : sendReply(ctx, run.actor, { conversationId: id, text });
  },
  send_csat: async (ctx, run, id) => {
    const outcome = await sendSurvey(ctx, id, { onResolve: false, cause: run.cause });
    // A quiet period or a customer who opted out is no failure of the rule, but is worth the log line.
    if (!outcome.sent) throw new AppError("conflict", `No survey sent: ${outcome.reason}`);
    return outcome;
  },
  notify_agents: async (ctx, run, id, a) => {
    const c = await ctx.db.conversation.findUniqueOrThrow({
      where: { id },
      select: { number: true, subject: true, assigneeId: true, departmentId: true },
    });
    const members =
      a.department && c.departmentId
        ? (await ctx.db.departmentMember.findMany({ where: { departmentId: c.departmentId }, select: { userId: true } })).map(
            (m) => m.userId,
          )
        : [];
    const userIds = [...a.userIds, ...members, ...(a.assignee && c.assigneeId ? [c.assigneeId] : [])];
    return notify(ctx, {
      userIds,
      kind: "automation",
      conversationId: id,
      text: { message: "rule", rule: run.actor.name, conversation: conversationLabel(c) },
      exceptUserId: run.actor.id,
    });
  },
  // Through the entity's own update flow, which validates the value (validateAttributeValues) and writes it.
  set_attribute: async (ctx, run, id, a) => {
    const attributes = { [a.key]: a.value };
    if (a.of === "conversation") return patch(ctx, run, id, { attributes });
    const c = await ctx.db.conversation.findUniqueOrThrow({
      where: { id },
      select: { contactId: true, contact: { select: { companyId: true } } },
    });
    if (a.of === "contact") return updateContact(ctx, run.actor, c.contactId, { attributes });
    if (!c.contact.companyId) throw new AppError("conflict", "The contact has no company");
    return updateCompany(ctx, run.actor, c.contact.companyId, { attributes });
  },
  // Goes through the webhook outbox (signed, retried) to this endpoint only, whatever it subscribes to.
  call_webhook: async (ctx, run, id, a) => {
    const endpoint = await ctx.db.webhookEndpoint.findUnique({ where: { id: a.webhookId }, select: { id: true, enabled: true } });
    if (!endpoint) throw notFound("Webhook endpoint");
    if (!endpoint.enabled) throw new AppError("conflict", "The webhook endpoint is disabled");
    const conversation = await ctx.db.conversation.findUniqueOrThrow({
      where: { id },
      select: {
        id: true,
        number: true,
        subject: true,
        status: true,
        priority: true,
        tags: true,
        inboxId: true,
        departmentId: true,
        assigneeId: true,
        contactId: true,
      },
    });
    return enqueueWebhookEvent(ctx, {
      type: "automation.rule",
      contactId: conversation.contactId,
      endpointId: endpoint.id,
      data: { rule: run.cause?.rule ?? null, actor: { id: run.actor.id, name: run.actor.name }, conversation },
    });
  },
};

/**
 * Runs the actions in order. One failing (a transition the state machine refuses, a customer who
 * opted out) is logged and does not stop the others.
 */
export async function runActions(ctx: AppContext, run: ActionRun, conversationId: string, actions: Action[]) {
  const failures: { type: string; message: string }[] = [];
  for (const action of actions) {
    try {
      await (runners[action.type] as Runner<Action["type"]>)(ctx, run, conversationId, action as never);
    } catch (err) {
      failures.push({ type: action.type, message: (err as Error).message });
      ctx.log.warn(`${run.actor.name}: ${action.type} on ${conversationId} failed: ${(err as Error).message}`);
    }
  }
  return { failures };
}
