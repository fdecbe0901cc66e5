import type { RuleMatch } from "~/common/vocabulary.ts";
import type { RuleFacts } from "./facts.ts";
import type { Condition } from "./rule-schema.ts";

/** Case- and width-insensitive form for "text contains": NFKC folds full-width ＲＥＦＵＮＤ and half-width ｶﾅ. */
export const foldText = (s: string) => s.normalize("NFKC").toLowerCase();

type Evaluator<F extends Condition["field"]> = (facts: RuleFacts, c: Extract<Condition, { field: F }>) => boolean;

const isOneOf = <T>(value: T, c: { op: "is" | "is_not"; values: T[] }) => c.values.includes(value) === (c.op === "is");

/**
 * One evaluator per condition field. Japanese has no spaces between words, so "contains" is a
 * substring test on the NFKC-folded text, never a word split.
 */
const evaluators: { [F in Condition["field"]]: Evaluator<F> } = {
  channel: (f, c) => isOneOf(f.channel, c),
  inbox: (f, c) => isOneOf(f.inboxId, c),
  department: (f, c) => isOneOf(f.departmentId, c),
  status: (f, c) => isOneOf(f.status, c),
  priority: (f, c) => isOneOf(f.priority, c),
  assignee: (f, c) => isOneOf(f.assigneeId, c),
  tags: (f, c) => {
    const has = (t: string) => f.tags.includes(t);
    if (c.op === "has_all") return c.values.every(has);
    const any = c.values.some(has);
    return c.op === "has_any" ? any : !any;
  },
  text: (f, c) => {
    const text = foldText(f.text);
    const found = c.values.some((w) => text.includes(foldText(w)));
    return c.op === "contains" ? found : !found;
  },
  sender: (f, c) =>
    f.senderEmails.some((email) =>
      c.op === "email_is" ? c.values.includes(email) : c.values.includes(email.slice(email.lastIndexOf("@") + 1)),
    ),
};

export function conditionHolds(facts: RuleFacts, condition: Condition): boolean {
  return (evaluators[condition.field] as Evaluator<Condition["field"]>)(facts, condition as never);
}

/** No conditions: the rule applies to every conversation of its event. */
export function conditionsMatch(facts: RuleFacts, match: RuleMatch, conditions: Condition[]): boolean {
  if (conditions.length === 0) return true;
  return match === "all" ? conditions.every((c) => conditionHolds(facts, c)) : conditions.some((c) => conditionHolds(facts, c));
}
