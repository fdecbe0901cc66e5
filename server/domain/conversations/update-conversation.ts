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
    if (!canTransition(current.status, patch.status)) {
      throw new AppError("conflict", `A ${current.status} conversation cannot become ${patch.status}`);
    }
    if (patch.status === "snoozed" && !(patch.snoozedUntil && patch.snoozedUntil > new Date())) {
      throw badRequest("Snoozing needs a snoozedUntil time in the future");
    }
    data.status = patch.status;
    data.snoozedUntil = patch.status === "snoozed" ? patch.snoozedUntil : null;
    events.push({ event: "status", status: patch.status });
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
    events.push(assignee ? { event: "assigned", assigneeId: assignee.id, assigneeName: assignee.name } : { event: "unassigned" });
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
    if (attributes) await writeAttributeValues(tx, "conversation", id, attributes);
    const ids: string[] = [];
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
        title: `${actor.name} assigned ${conversationLabel(current)} to you`,
        exceptUserId: actor.id,
      });
    }
  }
  ctx.bus.publish({ type: "automation.trigger", trigger: { event: "conversation_updated", conversationId: id, changes, cause } });
  return { changed: true };
}
