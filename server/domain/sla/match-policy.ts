import { z } from "zod";
import { prioritySchema, type Priority } from "~/common/vocabulary.ts";
import { attributeConditionSchema } from "~/server/domain/automation/rule-schema.ts";
import { attributeHolds } from "~/server/domain/automation/conditions.ts";

const ids = z.array(z.string().min(1).max(64)).min(1).max(100);

/**
 * When a policy applies. Every list given must match (a list matches when it contains the
 * conversation's value; `tags` when the conversation has any of them); no lists = every conversation.
 * `attributes` are contact and company attribute conditions, the same as automation rules' (all must hold).
 */
export const slaConditions = z
  .object({
    departmentIds: ids,
    inboxIds: ids,
    channels: z.array(z.string().min(1).max(40)).min(1).max(20),
    priorities: z.array(prioritySchema).min(1),
    tags: z.array(z.string().trim().toLowerCase().min(1).max(40)).min(1).max(50),
    attributes: z.array(attributeConditionSchema).min(1).max(20),
  })
  .partial()
  .strict();
export type SlaConditions = z.infer<typeof slaConditions>;

/** What conditions are checked against. */
export interface ConversationFacts {
  departmentId: string | null;
  inboxId: string;
  channel: string;
  priority: Priority;
  tags: string[];
  /** Custom attribute values of the conversation's contact and of its company. */
  attributes: { contact: Record<string, unknown>; company: Record<string, unknown> };
}

export function matchesConditions(c: SlaConditions, f: ConversationFacts): boolean {
  if (c.departmentIds && !(f.departmentId && c.departmentIds.includes(f.departmentId))) return false;
  if (c.inboxIds && !c.inboxIds.includes(f.inboxId)) return false;
  if (c.channels && !c.channels.includes(f.channel)) return false;
  if (c.priorities && !c.priorities.includes(f.priority)) return false;
  if (c.tags && !c.tags.some((t) => f.tags.includes(t))) return false;
  if (c.attributes && !c.attributes.every((a) => attributeHolds(f.attributes[a.of][a.key], a))) return false;
  return true;
}

/** The first policy, in order, whose conditions match; policies come sorted by position. */
export function firstMatching<P extends { conditions: unknown }>(policies: P[], facts: ConversationFacts): P | null {
  for (const p of policies) {
    const parsed = slaConditions.safeParse(p.conditions);
    if (parsed.success && matchesConditions(parsed.data, facts)) return p;
  }
  return null;
}
