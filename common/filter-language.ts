import type { AttributeType } from "./vocabulary.ts";

/**
 * The filter language's vocabulary (issue 14, docs/decisions/022-filter-language.md), without its
 * schemas: what the browser's filter builders need. The zod schemas that check a filter live in
 * customer-filter.ts, for the server, so the inbox page does not load zod.
 *
 * One JSON shape for the Customers page, segments, their export, the automation `segment`
 * condition and (over record attributes) conversation lists. A filter is a group `{ all: [...] }` or
 * `{ any: [...] }` of conditions `{ field, op, value }` and nested groups. The server compiles it to
 * parameterised SQL (server/domain/customers/compile-filter.ts); which operators and values a field
 * takes is decided here, so the app's builder and the compiler agree.
 */
export const CUSTOMER_ENTITIES = ["contact", "company"] as const;
export type CustomerEntity = (typeof CUSTOMER_ENTITIES)[number];

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

// A type, not an interface: stored as Prisma JSON, which needs the implicit index signature.
export type FilterCondition = {
  field: string;
  op: string;
  value?: string | number | boolean | string[];
};
export type FilterNode = FilterCondition | FilterGroup;
export type FilterGroup = { all: FilterNode[] } | { any: FilterNode[] };
export type CustomerFilter = FilterGroup;
/** Conditions over `<conversation|contact|company>.attribute.<key>` (docs/decisions/026). */
export type ConversationFilter = FilterGroup;
export const EMPTY_FILTER: CustomerFilter = { all: [] };

export const isGroup = (node: FilterNode): node is FilterGroup => "all" in node || "any" in node;
export const groupNodes = (g: FilterGroup): FilterNode[] => ("all" in g ? g.all : g.any);
export const isEmptyFilter = (filter: FilterGroup) => groupNodes(filter).length === 0;

/** Sortable columns of the Customers table (keyset paginated). */
export const CUSTOMER_SORTS = ["createdAt", "name", "lastContactAt", "openConversations"] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

/**
 * Attribute filters of conversation lists (the inbox, `GET /api/v1/conversations`, search; issue 14,
 * docs/decisions/026-conversation-attribute-filters.md): the same groups, operators and values as the
 * customer filter, over the custom attributes of the conversation, of its contact and of the
 * contact's company, named `<entity>.attribute.<key>`:
 * `{ "all": [{ "field": "contact.attribute.plan", "op": "is", "value": "pro" }] }`.
 */
export const RECORD_ATTRIBUTE_FIELD = /^(conversation|contact|company)\.attribute\.([a-z][a-z0-9_]{0,49})$/;
