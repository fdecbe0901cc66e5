import type { ConversationStatus } from "./vocabulary.ts";

/**
 * Ticket status state machine. `closed` is final: a customer writing again starts a new
 * conversation. Everything else may be reopened by a customer reply.
 *
 *   open ⇄ pending, open → snoozed → open (timer or reply), open|pending|snoozed → resolved → open (reply)
 *   resolved → closed, any non-closed → closed by an agent
 */
const TRANSITIONS: Record<ConversationStatus, ConversationStatus[]> = {
  open: ["pending", "snoozed", "resolved", "closed"],
  pending: ["open", "snoozed", "resolved", "closed"],
  snoozed: ["open", "pending", "resolved", "closed"],
  resolved: ["open", "closed"],
  closed: [],
};

export function canTransition(from: ConversationStatus, to: ConversationStatus) {
  return from === to || TRANSITIONS[from].includes(to);
}

/** The status after a customer writes; null when the conversation cannot take the message. */
export function statusOnCustomerReply(current: ConversationStatus, automated: boolean): ConversationStatus | null {
  if (current === "closed") return null;
  // An out-of-office reply must not reopen a resolved ticket or wake a snoozed one.
  if (automated) return current;
  return "open";
}
