/**
 * In a department's internal Slack thread, agents talk among themselves by default: a reply
 * becomes an internal note. Starting the message with `!reply` sends the rest to the customer
 * through the conversation's own channel (email, SMS, …). The prefix is a plain word rather than
 * `>>` because Slack turns a leading `>` into a block quote. Documented in integrations/slack/README.md.
 */
export const REPLY_PREFIX = "!reply";

export type AgentIntent = { mode: "note"; text: string } | { mode: "reply"; text: string };

export function parseAgentIntent(text: string): AgentIntent {
  const trimmed = text.replace(/^\s+/, "");
  const head = trimmed.slice(0, REPLY_PREFIX.length).toLowerCase();
  const after = trimmed.charAt(REPLY_PREFIX.length);
  if (head === REPLY_PREFIX && (after === "" || /\s/.test(after))) {
    return { mode: "reply", text: trimmed.slice(REPLY_PREFIX.length).trim() };
  }
  return { mode: "note", text: text.trim() };
}
