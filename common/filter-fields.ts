import type { CustomerEntity, FieldKind } from "./filter-language.ts";

/**
 * Which operators each value kind of the filter language takes, the built-in fields of customers and
 * companies, and the Customers table's sorts (docs/decisions/022-filter-language.md): what the filter
 * builders and the server's compiler read. The inbox's attribute chips need only filter-language.ts.
 */
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

/** Sortable columns of the Customers table (keyset paginated). */
export const CUSTOMER_SORTS = ["createdAt", "name", "lastContactAt", "openConversations"] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];
