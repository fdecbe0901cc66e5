import type { RuleMatch } from "~/common/automation-vocabulary.ts";
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
  business_hours: (f, c) => f.withinBusinessHours === (c.op === "within"),
  attribute: (f, c) => attributeHolds(f.attributes[c.of][c.key], c),
  segment: (f, c) => c.values.some((id) => f.segmentIds.includes(id)) === (c.op === "is"),
};

/** The segments the conditions name: membership is a query, so facts carry it only for those (withSegments). */
export const segmentsNamed = (conditions: Condition[]) => [...new Set(conditions.flatMap((c) => (c.field === "segment" ? c.values : [])))];

type AttributeCondition = Extract<Condition, { field: "attribute" }>;

/**
 * Typed comparison: the stored value's type (its definition's, checked on write) decides. Numbers
 * compare as numbers, dates (YYYY-MM-DD) and text in order after NFKC folding, checkboxes as
 * booleans, multi-selects by membership.
 */
export function attributeHolds(stored: unknown, c: Pick<AttributeCondition, "op" | "value">): boolean {
  const empty = stored === undefined || stored === null || stored === "" || (Array.isArray(stored) && stored.length === 0);
  if (c.op === "is_set" || c.op === "is_empty") return empty === (c.op === "is_empty");
  if (empty || c.value === undefined) return c.op === "not_equals";
  if (Array.isArray(stored)) {
    const has = stored.some((v) => foldText(String(v)) === foldText(String(c.value)));
    return c.op === "not_equals" ? !has : c.op === "equals" || c.op === "contains" ? has : false;
  }
  if (typeof stored === "boolean") {
    const same = stored === (c.value === true || c.value === "true");
    return c.op === "equals" ? same : c.op === "not_equals" ? !same : false;
  }
  if (typeof stored === "number") {
    const n = typeof c.value === "number" ? c.value : Number(String(c.value).normalize("NFKC").replace(/,/g, ""));
    if (!Number.isFinite(n)) return c.op === "not_equals";
    const order = { equals: stored === n, not_equals: stored !== n, greater_than: stored > n, less_than: stored < n, contains: false };
    return order[c.op];
  }
  const a = foldText(String(stored));
  const b = foldText(String(c.value));
  const order = { equals: a === b, not_equals: a !== b, greater_than: a > b, less_than: a < b, contains: a.includes(b) };
  return order[c.op];
}

export function conditionHolds(facts: RuleFacts, condition: Condition): boolean {
  return (evaluators[condition.field] as Evaluator<Condition["field"]>)(facts, condition as never);
}

/** No conditions: the rule applies to every conversation of its event. */
export function conditionsMatch(facts: RuleFacts, match: RuleMatch, conditions: Condition[]): boolean {
  if (conditions.length === 0) return true;
  return match === "all" ? conditions.every((c) => conditionHolds(facts, c)) : conditions.some((c) => conditionHolds(facts, c));
}
