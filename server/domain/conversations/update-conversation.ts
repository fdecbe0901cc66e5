import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { findVisibleConversation, requireRole } from "~/server/domain/access.ts";
import { AppError, badRequest, parseInput } from "~/server/lib/errors.ts";
import { canTransition } from "~/common/status-machine.ts";
import { conversationStatusSchema, prioritySchema } from "~/common/vocabulary.ts";
import { publishConversationChange, publishMessage } from "~/server/domain/messages/publish.ts";
import { recordEvent, type TimelineEvent } from "~/server/domain/timeline/record-event.ts";
import { conversationLabel, notify } from "~/server/domain/notifications/notify.ts";
import { updateSlaClocks } from "~/server/domain/sla/sla-clocks.ts";
import type { RuleCause } from "~/server/events/bus.ts";
import { validateAttributeValues } from "~/server/domain/attributes/validate-attribute-values.ts";
import { writeAttributeValues } from "~/server/domain/attributes/write-attribute-values.ts";
import { applyAttributePatch } from "~/server/domain/attributes/attribute-values.ts";
import { requireResolveAttributes } from "~/server/domain/attributes/require-resolve-attributes.ts";
import { sendSurvey } from "~/server/domain/csat/send-survey.ts";

export const conversationPatch = z
  .object({
    status: conversationStatusSchema,
    snoozedUntil: z.coerce.date().nullable(),
    assigneeId: z.string().min(1).nullable(),
    departmentId: z.string().min(1).nullable(),
    priority: prioritySchema,
    tags: z.array(z.string().trim().min(1).max(40)).max(20),
    /** Custom attribute values by key; null clears one (validateAttributeValues). */
    attributes: z.record(z.string(), z.unknown()),
    /** false: resolve without the satisfaction survey (issue 12); ignored unless the status becomes resolved. */
    sendSurvey: z.boolean(),
    /**
     * The Undo of a change just made (issue 10): the status may go back to the one it came from even
     * where the state machine has no such step (resolved → pending); closed stays final. The timeline
     * marks the change as an undo.
     */
    undo: z.boolean(),
  })
  .partial()
  .strict();
export type ConversationPatch = z.infer<typeof conversationPatch>;

/**
 * Changes status (through the state machine), assignee, department, priority or tags. Each change
 * leaves an event on the timeline so everyone sees who did what; `cause` names the automation rule
 * that made it (issue 12), and rides on the automation trigger so the rule never re-triggers itself.
 */
export async function updateConversation(ctx: AppContext, actor: Actor, id: string, rawPatch: unknown, cause?: RuleCause) {
  requireRole(actor, "admin", "agent");
  const patch = parseInput(conversationPatch, rawPatch);
  const current = await findVisibleConversation(ctx, actor, id, {
    id: true,
    status: true,
    assigneeId: true,
    departmentId: true,
    priority: true,
    tags: true,
    attributes: true,
    contactId: true,
    inboxId: true,
    number: true,
    subject: true,
    inbox: { select: { kind: true } },
  });

  const data: Record<string, unknown> = {};
  const events: TimelineEvent[] = [];
  const changes: string[] = [];
  if (patch.status && patch.status !== current.status) {
    const undoable = patch.undo && current.status !== "closed";
    if (!canTransition(current.status, patch.status) && !undoable) {
      throw new AppError("conflict", `A ${current.status} conversation cannot become ${patch.status}`);
    }
    // null: snoozed until the customer writes again (the ingest wakes it; nothing else does).
    if (patch.status === "snoozed" && (patch.snoozedUntil === undefined || (patch.snoozedUntil && patch.snoozedUntil <= new Date()))) {
      throw badRequest("snoozedUntil: snoozing needs a time in the future, or null for until the customer replies");
    }
    data.status = patch.status;
    data.snoozedUntil = patch.status === "snoozed" ? patch.snoozedUntil : null;
    events.push({
      event: "status",
      status: patch.status,
      ...(patch.status === "snoozed" ? { snoozedUntil: patch.snoozedUntil?.toISOString() ?? null } : {}),
      ...(patch.undo ? { undo: true } : {}),
    });
    changes.push("status");
  }
  let assignee: { id: string; name: string; email: string } | null | undefined;
  if (patch.assigneeId !== undefined && patch.assigneeId !== current.assigneeId) {
    assignee = patch.assigneeId
      ? await ctx.db.user.findFirst({
          where: { id: patch.assigneeId, disabledAt: null, role: { in: ["admin", "agent"] } },
          select: { id: true, name: true, email: true },
        })
      : null;
    if (patch.assigneeId && !assignee) throw badRequest("The assignee must be an active agent");
    data.assigneeId = patch.assigneeId;
    const undo = patch.undo ? { undo: true as const } : {};
    events.push(
      assignee ? { event: "assigned", assigneeId: assignee.id, assigneeName: assignee.name, ...undo } : { event: "unassigned", ...undo },
    );
    changes.push("assigneeId");
  }
  if (patch.departmentId !== undefined && patch.departmentId !== current.departmentId) {
    const department = patch.departmentId
      ? await ctx.db.department.findUnique({ where: { id: patch.departmentId }, select: { name: true } })
      : null;
    if (patch.departmentId && !department) throw badRequest("Unknown department");
    data.departmentId = patch.departmentId;
    events.push({ event: "department", departmentId: patch.departmentId, departmentName: department?.name ?? null });
    changes.push("departmentId");
  }
  if (patch.priority && patch.priority !== current.priority) {
    data.priority = patch.priority;
    events.push({ event: "priority", priority: patch.priority });
    changes.push("priority");
  }
  if (patch.tags) {
    const tags = [...new Set(patch.tags.map((t) => t.toLowerCase()))];
    if (tags.join("\u0000") !== current.tags.join("\u0000")) {
      data.tags = tags;
      changes.push("tags");
      // Agents see tags change in the header; a rule's change is also written down (issue 12).
      if (cause)
        events.push({
          event: "tags",
          added: tags.filter((t) => !current.tags.includes(t)),
          removed: current.tags.filter((t) => !tags.includes(t)),
        });
    }
  }
  let attributes: Awaited<ReturnType<typeof validateAttributeValues>> | null = null;
  if (patch.attributes) {
    attributes = await validateAttributeValues(ctx, actor, "conversation", patch.attributes);
    if (Object.keys(attributes).length) changes.push("attributes");
  }
  if (data.status === "resolved") await requireResolveAttributes(ctx, applyAttributePatch(current.attributes, attributes ?? {}));
  if (changes.length === 0) return { changed: false };
  if (patch.status === "closed" && current.status === "closed") throw new AppError("conflict", "Already closed");

  const eventIds = await ctx.db.$transaction(async (tx) => {
    await tx.conversation.update({ where: { id }, data: { ...data, lastActivityAt: new Date() } });
    const ids: string[] = [];
    if (attributes) ids.push(...(await writeAttributeValues(tx, "conversation", id, attributes, { actor })).timelineEventIds);
    const target = { conversationId: id, contactId: current.contactId, inboxId: current.inboxId, channel: current.inbox.kind };
    for (const event of events) ids.push(await recordEvent(tx, target, cause ? null : actor, event, cause?.rule));
    const slaInputs = changes.some((c) => c === "departmentId" || c === "priority" || c === "tags");
    if (slaInputs || changes.includes("status")) await updateSlaClocks(tx, id, { kind: slaInputs ? "attributes" : "status" });
    return ids;
  });
  for (const eventId of eventIds) await publishMessage(ctx, eventId);
  await publishConversationChange(ctx, id, [...changes, "sla"]);
  // Moving department may hide it from agents who have it open (decision 009).
  if (changes.includes("departmentId")) ctx.bus.publish({ type: "access.changed", scope: { conversationIds: [id] } });
  if (assignee !== undefined) {
    ctx.bus.publish({
      type: "host",
      event: {
        type: "conversation.assigned",
        conversationId: id,
        number: current.number,
        subject: current.subject,
        departmentId: (data.departmentId as string | null | undefined) ?? current.departmentId,
        assignee,
      },
    });
    if (assignee) {
      await notify(ctx, {
        userIds: [assignee.id],
        kind: "assignment",
        conversationId: id,
        text: { message: "assigned", actor: actor.name, conversation: conversationLabel(current) },
        exceptUserId: actor.id,
      });
    }
  }
  if (data.status === "resolved" && patch.sendSurvey !== false) await surveyOnResolve(ctx, id, cause);
  ctx.bus.publish({ type: "automation.trigger", trigger: { event: "conversation_updated", conversationId: id, changes, cause } });
  return { changed: true };
}

/** The resolve is done; a survey that cannot go out (a channel error) must not undo it. */
async function surveyOnResolve(ctx: AppContext, id: string, cause?: RuleCause) {
  try {
    await sendSurvey(ctx, id, { onResolve: true, cause });
  } catch (err) {
    ctx.log.warn(`CSAT survey for ${id} not sent: ${(err as Error).message}`);
  }
}
