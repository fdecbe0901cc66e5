import type { SlaAlert, SlaTarget } from "~/common/vocabulary.ts";
import type { AppContext } from "~/server/context.ts";
import { publishMessage } from "~/server/domain/messages/publish.ts";
import { conversationLabel, notify } from "~/server/domain/notifications/notify.ts";
import { recordEvent } from "~/server/domain/timeline/record-event.ts";
import { nextFireAt } from "./clock-math.ts";

interface DueRow {
  id: string;
  conversationId: string;
  policyId: string | null;
  policyName: string | null;
  target: SlaTarget;
  dueAt: Date;
  warnAt: Date | null;
  warnedAt: Date | null;
  breachedAt: Date | null;
  contactId: string;
  inboxId: string;
  channel: string;
  number: number;
  subject: string;
  departmentId: string | null;
  restricted: boolean | null;
  assigneeId: string | null;
}

const BATCH = 100;

/**
 * Fires SLA warnings and breaches that are due (decision 016). Due clocks are claimed with
 * `FOR UPDATE SKIP LOCKED` and marked fired in the same transaction as their timeline event, so with
 * any number of nodes each alert is written once; a node that was down catches up on its next tick,
 * and a clock both past its warning and its due time only reports the breach.
 */
export async function fireDueSlaClocks(ctx: AppContext, now = new Date()) {
  let total = 0;
  for (;;) {
    const fired = await ctx.db.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<DueRow[]>`
        SELECT k.id, k."conversationId", k."policyId", p.name AS "policyName", k.target, k."dueAt", k."warnAt", k."warnedAt",
               k."breachedAt", c."contactId", c."inboxId", i.kind AS channel, c.number, c.subject, c."departmentId",
               d.restricted, c."assigneeId"
        FROM (SELECT * FROM "SlaClock" WHERE "fireAt" <= ${now} ORDER BY "fireAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED) k
        JOIN "Conversation" c ON c.id = k."conversationId"
        JOIN "Inbox" i ON i.id = c."inboxId"
        LEFT JOIN "SlaPolicy" p ON p.id = k."policyId"
        LEFT JOIN "Department" d ON d.id = c."departmentId"`;
      const out: { row: DueRow; alert: SlaAlert; eventId: string }[] = [];
      for (const row of rows) {
        const alert: SlaAlert = !row.breachedAt && row.dueAt <= now ? "breached" : "warning";
        const state = {
          dueAt: row.dueAt,
          warnAt: row.warnAt,
          warnedAt: row.warnedAt ?? now,
          breachedAt: alert === "breached" ? now : row.breachedAt,
          pausedAt: null,
          stoppedAt: null,
        };
        await tx.slaClock.update({
          where: { id: row.id },
          data: { warnedAt: state.warnedAt, breachedAt: state.breachedAt, fireAt: nextFireAt(state) },
        });
        const eventId = await recordEvent(
          tx,
          { conversationId: row.conversationId, contactId: row.contactId, inboxId: row.inboxId, channel: row.channel },
          null,
          { event: "sla", alert, target: row.target, dueAt: row.dueAt.toISOString(), policyName: row.policyName },
        );
        out.push({ row, alert, eventId });
      }
      return out;
    });
    for (const f of fired) await announce(ctx, f.row, f.alert, f.eventId);
    total += fired.length;
    if (fired.length < BATCH) return total;
  }
}

/** After commit: the timeline line and list row, the bus event, the assignee / department, and Slack. */
async function announce(ctx: AppContext, row: DueRow, alert: SlaAlert, eventId: string) {
  const dueAt = row.dueAt.toISOString();
  await publishMessage(ctx, eventId, "message.created", { conversationChanges: ["sla"] });
  const audience = { departmentId: row.departmentId, restricted: row.restricted ?? false };
  ctx.bus.publish({
    type: alert === "breached" ? "sla.breached" : "sla.warning",
    audience,
    conversationId: row.conversationId,
    target: row.target,
    policyId: row.policyId,
    dueAt,
  });
  ctx.bus.publish({
    type: "host",
    event: {
      type: "sla.alert",
      conversationId: row.conversationId,
      number: row.number,
      subject: row.subject,
      departmentId: row.departmentId,
      alert,
      target: row.target,
      dueAt,
    },
  });
  const userIds = row.assigneeId
    ? [row.assigneeId]
    : row.departmentId
      ? (await ctx.db.departmentMember.findMany({ where: { departmentId: row.departmentId }, select: { userId: true } })).map(
          (m) => m.userId,
        )
      : [];
  await notify(ctx, {
    userIds,
    kind: "sla",
    conversationId: row.conversationId,
    messageId: eventId,
    text: { message: "sla", conversation: conversationLabel(row), target: row.target, alert },
  });
}
