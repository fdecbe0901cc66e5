import { type ChannelKind, SLA_TARGET_NAMES, type SlaAlert, type SlaTarget } from "~/common/vocabulary.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { type AttributeChangeFacts, englishAttributeChange } from "~/common/attribute-change.ts";

/**
 * Structured timeline events. `meta` carries the event and its parameters so the UI renders them in
 * the agent's language; `text` is the English fallback for API clients and logs.
 */
export type TimelineEvent =
  // `undo`: the toast's Undo put it back (issue 10); `snoozedUntil` null = until the customer replies.
  | { event: "status"; status: string; snoozedUntil?: string | null; undo?: true }
  | { event: "assigned"; assigneeId: string; assigneeName: string; undo?: true }
  | { event: "unassigned"; undo?: true }
  | { event: "auto-assigned"; assigneeId: string; assigneeName: string }
  | { event: "unassigned-offline"; previousAssigneeId: string | null; previousAssigneeName: string; minutes: number }
  | { event: "department"; departmentId: string | null; departmentName: string | null }
  | { event: "priority"; priority: string }
  | { event: "tags"; added: string[]; removed: string[] }
  | { event: "reopened" }
  | { event: "snooze-ended" }
  | { event: "merged-into"; intoId: string; intoNumber: number }
  | { event: "merged-from"; sourceId: string; sourceNumber: number }
  | { event: "contacts-merged"; sourceContactId: string; intoContactId: string; sourceName: string; intoName: string }
  | { event: "sla"; alert: SlaAlert; target: SlaTarget; dueAt: string; policyName: string | null }
  // CSAT (issue 12, decision 020); the reports read the latest `csat` event of each survey.
  | { event: "csat-sent"; surveyId: string; channel: ChannelKind }
  | { event: "csat"; surveyId: string; rating: number; comment: string | null }
  // A conversation attribute changed (issue 14, decision 026).
  | ({ event: "attribute" } & AttributeChangeFacts);

const english = (e: TimelineEvent, actor: string): string => {
  switch (e.event) {
    case "status":
      if (e.status === "snoozed" && e.snoozedUntil !== undefined)
        return `${actor} snoozed this ${e.snoozedUntil ? `until ${e.snoozedUntil}` : "until the customer replies"}`;
      return `${actor} changed the status to ${e.status}`;
    case "assigned":
      return `${actor} assigned this to ${e.assigneeName}`;
    case "unassigned":
      return `${actor} unassigned this conversation`;
    case "auto-assigned":
      return `Automatically assigned to ${e.assigneeName}`;
    case "unassigned-offline":
      return `Returned to the queue: ${e.previousAssigneeName} has been offline for more than ${e.minutes} minutes`;
    case "department":
      return e.departmentName ? `${actor} moved this to ${e.departmentName}` : `${actor} removed the department`;
    case "priority":
      return `${actor} set the priority to ${e.priority}`;
    case "tags":
      return `${actor} changed the tags (${[...e.added.map((t) => `+${t}`), ...e.removed.map((t) => `-${t}`)].join(" ")})`;
    case "reopened":
      return "Reopened by a customer reply";
    case "snooze-ended":
      return "Snooze ended: the conversation is open again";
    case "merged-into":
      return `${actor} merged this conversation into #${e.intoNumber}`;
    case "merged-from":
      return `${actor} merged #${e.sourceNumber} into this conversation`;
    case "contacts-merged":
      return `${actor} merged the customer ${e.sourceName} into ${e.intoName}`;
    case "sla":
      return e.alert === "breached" ? `SLA ${SLA_TARGET_NAMES[e.target]} breached` : `SLA ${SLA_TARGET_NAMES[e.target]} due soon`;
    case "csat-sent":
      return `Satisfaction survey sent (${e.channel})`;
    case "attribute":
      return englishAttributeChange(actor, e);
    case "csat":
      return `The customer rated this conversation ${e.rating}/5${e.comment ? `: ${e.comment}` : ""}`;
  }
};

const undoNote = (e: TimelineEvent, text: string) => ("undo" in e && e.undo ? `${text} (undo)` : text);

const byRule = (text: string, rule?: { name: string }) =>
  !rule || text.includes(`"${rule.name}"`) ? text : `${text} (by rule "${rule.name}")`;

export interface EventTarget {
  conversationId: string;
  contactId: string;
  inboxId: string;
  channel: ChannelKind;
}

/**
 * Writes one event line on a conversation's timeline (inside the caller's transaction). A change an
 * automation rule made names the rule (`meta.rule`), shown as "by rule ‹name›" (issue 12).
 */
export async function recordEvent(
  tx: Prisma.TransactionClient,
  target: EventTarget,
  actor: { id: string; name: string } | null,
  event: TimelineEvent,
  rule?: { id: string; name: string },
): Promise<string> {
  const row = await tx.message.create({
    data: {
      conversationId: target.conversationId,
      contactId: target.contactId,
      inboxId: target.inboxId,
      direction: "internal",
      kind: "event",
      channel: target.channel,
      authorUserId: actor?.id ?? null,
      text: byRule(undoNote(event, english(event, rule ? `Rule "${rule.name}"` : (actor?.name ?? "Switchboard"))), rule),
      meta: { ...event, ...(actor ? { actorName: actor.name } : {}), ...(rule ? { rule } : {}) } as Prisma.InputJsonValue,
    },
    select: { id: true },
  });
  return row.id;
}
