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

/**
 * Attribute filters of conversation lists (the inbox, `GET /api/v1/conversations`, search; issue 14,
 * docs/decisions/026-conversation-attribute-filters.md): the same groups, operators and values as the
 * customer filter, over the custom attributes of the conversation, of its contact and of the
 * contact's company, named `<entity>.attribute.<key>`:
 * `{ "all": [{ "field": "contact.attribute.plan", "op": "is", "value": "pro" }] }`.
 */
export const RECORD_ATTRIBUTE_FIELD = /^(conversation|contact|company)\.attribute\.([a-z][a-z0-9_]{0,49})$/;
