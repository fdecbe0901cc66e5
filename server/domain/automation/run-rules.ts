import type { AppContext } from "~/server/context.ts";
import type { AutomationTrigger } from "~/server/events/bus.ts";
import type { RuleMatch } from "~/common/automation-vocabulary.ts";
import { conditionsMatch, segmentsNamed } from "./conditions.ts";
import { loadRuleFacts, withSegments } from "./facts.ts";
import { ruleActor, runActions } from "./actions.ts";
import type { Action, Condition } from "./rule-schema.ts";
import { perServer } from "~/server/lib/node-cache.ts";

/** A chain of rules triggering rules stops at this depth (docs/decisions/017-rule-engine.md). */
export const MAX_RULE_DEPTH = 3;
/** And one rule acts on one conversation at most this often per window, on this node. */
export const RULE_RATE = { max: 10, windowMs: 3_600_000 };

export interface StoredRule {
  id: string;
  name: string;
  match: string;
  conditions: unknown;
  actions: unknown;
}

/**
 * A node reads an event's enabled rules at most this often (every inbound message triggers one or two
 * events, issue 18). Rule edits on this node are seen at once (forgetRules); on another node within this.
 */
export const RULES_CACHE_MS = 2_000;
const rulesCache = perServer<StoredRule[]>(RULES_CACHE_MS);

function enabledRules(ctx: AppContext, event: AutomationTrigger["event"]): Promise<StoredRule[]> {
  return rulesCache(ctx.db).get(event, () =>
    ctx.db.automationRule.findMany({
      where: { event, enabled: true },
      orderBy: [{ order: "asc" }, { createdAt: "asc" }],
      select: { id: true, name: true, match: true, conditions: true, actions: true },
    }),
  );
}

/** Called after every committed change to automation rules on this node. */
export function forgetRules(ctx: AppContext) {
  rulesCache(ctx.db).forget();
}

const recentRuns = new Map<string, number[]>();
function withinRate(key: string, now: number) {
  const runs = (recentRuns.get(key) ?? []).filter((t) => now - t < RULE_RATE.windowMs);
  if (runs.length >= RULE_RATE.max) {
    recentRuns.set(key, runs);
    return false;
  }
  runs.push(now);
  recentRuns.set(key, runs);
  if (recentRuns.size > 10_000) recentRuns.delete(recentRuns.keys().next().value!);
  return true;
}

/**
 * Runs the enabled rules of a trigger's event, in order, on its conversation. Loop protection: a
 * rule never reacts to a change its own chain made (a rule's change does not re-trigger it nor any
 * rule before it in the chain), chains stop at MAX_RULE_DEPTH, and RULE_RATE caps what is left
 * (a customer and a rule answering each other). Returns the names of the rules that ran.
 */
export async function runRules(ctx: AppContext, trigger: AutomationTrigger, rules?: StoredRule[]) {
  const chain = trigger.cause?.chain ?? [];
  if (chain.length >= MAX_RULE_DEPTH) {
    ctx.log.warn(`automation: chain ${chain.join(" → ")} stopped at depth ${MAX_RULE_DEPTH} on ${trigger.conversationId}`);
    return [];
  }
  const candidates = (rules ?? (await enabledRules(ctx, trigger.event))).filter((r) => !chain.includes(r.id));
  const ran: string[] = [];
  // The opening hours are one more lookup per rule; only when some rule asks about them.
  const businessHours = candidates.some((r) => (r.conditions as Condition[]).some((c) => c.field === "business_hours"));
  for (const rule of candidates) {
    // Read again for each rule: an earlier rule's actions may have changed what the next one sees.
    const loaded = await loadRuleFacts(ctx, trigger.conversationId, trigger.messageId, { businessHours });
    if (!loaded || loaded.mergedIntoId) return ran;
    const facts = await withSegments(ctx, loaded, segmentsNamed(rule.conditions as Condition[]));
    if (!conditionsMatch(facts, rule.match as RuleMatch, rule.conditions as Condition[])) continue;
    if (!withinRate(`${rule.id}:${facts.conversationId}`, Date.now())) {
      ctx.log.warn(`automation: rule "${rule.name}" hit its rate cap on ${facts.conversationId}`);
      continue;
    }
    const ref = { id: rule.id, name: rule.name };
    await runActions(
      ctx,
      { actor: ruleActor(ref), cause: { rule: ref, chain: [...chain, rule.id] } },
      facts.conversationId,
      rule.actions as Action[],
    );
    ran.push(rule.name);
  }
  return ran;
}

/**
 * Every node runs the rules of the triggers its own flows publish (after their commit). A failing
 * rule never fails the flow that triggered it.
 */
export function startAutomation(ctx: AppContext) {
  const log = ctx.log.child("automation");
  return ctx.bus.subscribe((event) => {
    // SLA alerts are fired once across nodes (decision 016); the node that fired one runs its rules.
    const trigger: AutomationTrigger | null =
      event.type === "automation.trigger"
        ? event.trigger
        : event.type === "sla.warning" || event.type === "sla.breached"
          ? { event: event.type === "sla.warning" ? "sla_warning" : "sla_breached", conversationId: event.conversationId }
          : null;
    if (!trigger) return;
    // The first message of a conversation is also a customer message: its rules run after the created ones.
    const follow = trigger.event === "conversation_created" ? [{ ...trigger, event: "customer_message" as const }] : [];
    (async () => {
      for (const t of [trigger, ...follow]) await runRules(ctx, t);
    })().catch((err) => log.warn(`rules for ${trigger.event} failed: ${(err as Error).message}`));
  });
}
