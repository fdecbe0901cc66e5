import { SLA_TARGET_NAMES, type SlaTarget } from "./vocabulary.ts";

/**
 * What a notification says, as a message and its parameters, so that each agent reads it in their
 * own language (issue 10, bug 6): the server stores it with the notification, the UI words it
 * (app/components/shell/notification-text.ts), and the stored English title serves API clients.
 */
export type NotificationText =
  | { message: "mention"; actor: string; conversation: string }
  | { message: "assigned"; actor: string; conversation: string }
  | { message: "auto-assigned"; conversation: string }
  | { message: "handoff"; actor: string; conversation: string; target: string }
  | { message: "reply"; customer: string; conversation: string; preview: string }
  | { message: "sla"; conversation: string; target: SlaTarget; alert: "warning" | "breached" }
  | { message: "rule"; rule: string; conversation: string }
  | { message: "webhook-disabled"; url: string };

/** The English title stored with the notification (the API's `title`). */
export function englishNotification(n: NotificationText): string {
  switch (n.message) {
    case "mention":
      return `${n.actor} mentioned you in ${n.conversation}`;
    case "assigned":
      return `${n.actor} assigned ${n.conversation} to you`;
    case "auto-assigned":
      return `${n.conversation} was assigned to you`;
    case "handoff":
      return `${n.actor} handed ${n.conversation} to ${n.target}`;
    case "reply":
      return `${n.customer} replied in ${n.conversation}${n.preview ? `: ${n.preview}` : ""}`;
    case "sla":
      return `${n.conversation}: SLA ${SLA_TARGET_NAMES[n.target]} ${n.alert === "breached" ? "breached" : "due soon"}`;
    case "rule":
      return `${n.rule}: ${n.conversation}`;
    case "webhook-disabled":
      return `Webhook disabled after repeated failures: ${n.url}`;
  }
}
