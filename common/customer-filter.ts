import { z } from "zod";
import type { AttributeType } from "./vocabulary.ts";

/**
 * The customer filter language (issue 14, docs/decisions/022-filter-language.md): one JSON shape for
 * the Customers page, segments, their export and the automation `segment` condition. A filter is a
 * group `{ all: [...] }` or `{ any: [...] }` of conditions `{ field, op, value }` and nested groups.
 * The server compiles it to parameterised SQL (server/domain/customers/compile-filter.ts); which
 * operators and values a field takes is decided here, so the app's builder and the compiler agree.
 */
export const CUSTOMER_ENTITIES = ["contact", "company"] as const;
export type CustomerEntity = (typeof CUSTOMER_ENTITIES)[number];
export const customerEntitySchema = z.enum(CUSTOMER_ENTITIES);

/** Value kinds: which operators a field takes and what its value looks like. */
export type FieldKind = "text" | "number" | "date" | "select" | "multi" | "checkbox" | "channel" | "tags";

export const OPERATORS: Record<FieldKind, readonly string[]> = {
  text: ["is", "is_not", "contains", "not_contains", "is_set", "is_not_set"],
  number: ["eq", "neq", "gt", "gte", "lt", "lte", "is_set", "is_not_set"],
  date: ["on", "before", "after", "within_days", "is_set", "is_not_set"],
  select: ["is", "is_not", "is_set", "is_not_set"],
  multi: ["has_any", "has_all", "has_none", "is_set", "is_not_set"],
  checkbox: ["is_true", "is_false"],
  channel: ["is", "is_not"],
  tags: ["has_any", "has_all", "has_none"],
};
export const FILTER_OPS = [...new Set(Object.values(OPERATORS).flat())] as [string, ...string[]];
/** Operators that take no value. */
export const VALUELESS_OPS = new Set(["is_set", "is_not_set", "is_true", "is_false"]);

/** Built-in fields of each entity (attributes are `attribute.<key>`, typed by their definition). */
export const BUILTIN_FIELDS: Record<CustomerEntity, Record<string, FieldKind>> = {
  contact: {
    name: "text",
    email: "text",
    phone: "text",
    company: "text",
    "identity.channel": "channel",
    tags: "tags",
    openConversations: "number",
    lastContactAt: "date",
    createdAt: "date",
    csat: "number",
  },
  company: {
    name: "text",
    domain: "text",
    people: "number",
    tags: "tags",
    openConversations: "number",
    lastContactAt: "date",
    createdAt: "date",
    csat: "number",
  },
};

export const ATTRIBUTE_FIELD_KIND: Record<AttributeType, FieldKind> = {
  text: "text",
  url: "text",
  number: "number",
  date: "date",
  single_select: "select",
  multi_select: "multi",
  checkbox: "checkbox",
};

export const ATTRIBUTE_FIELD = /^attribute\.([a-z][a-z0-9_]{0,49})$/;

const fieldName = z
  .string()
  .max(60)
  .refine((f) => f in BUILTIN_FIELDS.contact || f in BUILTIN_FIELDS.company || ATTRIBUTE_FIELD.test(f), "unknown field");
const scalar = z.union([z.string().max(500), z.number().finite(), z.boolean()]);

export const filterConditionSchema = z
  .object({
    field: fieldName,
    op: z.enum(FILTER_OPS),
    value: z.union([scalar, z.array(z.string().max(200)).min(1).max(50)]).optional(),
  })
  .strict();
export type FilterCondition = z.infer<typeof filterConditionSchema>;

export type FilterNode = FilterCondition | FilterGroup;
export type FilterGroup = { all: FilterNode[] } | { any: FilterNode[] };

const MAX_DEPTH = 4;
type ConditionSchema = typeof filterConditionSchema;
const nodes = (depth: number, condition: ConditionSchema): z.ZodType<FilterNode[]> =>
  z.array(depth >= MAX_DEPTH ? condition : z.union([condition, group(depth + 1, condition)])).max(50) as z.ZodType<FilterNode[]>;
// Nesting is unrolled to MAX_DEPTH levels rather than z.lazy: the API document can describe it, and
// a filter cannot be nested deeper than a person builds one.
const group = (depth: number, condition: ConditionSchema): z.ZodType<FilterGroup> =>
  z.union([
    z.object({ all: nodes(depth, condition) }).strict(),
    z.object({ any: nodes(depth, condition) }).strict(),
  ]) as z.ZodType<FilterGroup>;

export const customerFilterSchema = group(1, filterConditionSchema);
export type CustomerFilter = FilterGroup;
export const EMPTY_FILTER: CustomerFilter = { all: [] };

export const isGroup = (node: FilterNode): node is FilterGroup => "all" in node || "any" in node;
export const groupNodes = (g: FilterGroup): FilterNode[] => ("all" in g ? g.all : g.any);

/** A filter from a URL's `filter` parameter; anything unreadable is the empty filter. */
export function parseFilterParam(param: string | null | undefined): CustomerFilter {
  if (!param) return EMPTY_FILTER;
  try {
    const parsed = customerFilterSchema.safeParse(JSON.parse(param));
    return parsed.success ? parsed.data : EMPTY_FILTER;
  } catch {
    return EMPTY_FILTER;
  }
}

/** Sortable columns of the Customers table (keyset paginated). */
export const CUSTOMER_SORTS = ["createdAt", "name", "lastContactAt", "openConversations"] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
export const customerSortSchema = z.enum(CUSTOMER_SORTS);

/**
 * Attribute filters of conversation lists (the inbox, `GET /api/v1/conversations`, search; issue 14,
 * docs/decisions/026-conversation-attribute-filters.md): the same groups, operators and values as the
 * customer filter, over the custom attributes of the conversation, of its contact and of the
 * contact's company, named `<entity>.attribute.<key>`:
 * `{ "all": [{ "field": "contact.attribute.plan", "op": "is", "value": "pro" }] }`.
 */
export const RECORD_ATTRIBUTE_FIELD = /^(conversation|contact|company)\.attribute\.([a-z][a-z0-9_]{0,49})$/;

export const conversationFilterConditionSchema = filterConditionSchema.extend({
  field: z.string().max(80).regex(RECORD_ATTRIBUTE_FIELD, "expects <conversation|contact|company>.attribute.<key>"),
}) as unknown as ConditionSchema;
export const conversationFilterSchema = group(1, conversationFilterConditionSchema);
export type ConversationFilter = FilterGroup;

export const isEmptyFilter = (filter: FilterGroup) => groupNodes(filter).length === 0;
