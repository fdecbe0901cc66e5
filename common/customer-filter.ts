import { z } from "zod";
import {
  ATTRIBUTE_FIELD,
  CUSTOMER_ENTITIES,
  type CustomerFilter,
  EMPTY_FILTER,
  type FilterGroup,
  type FilterNode,
  RECORD_ATTRIBUTE_FIELD,
} from "./filter-language.ts";
import { BUILTIN_FIELDS, CUSTOMER_SORTS, FILTER_OPS } from "./filter-fields.ts";

/**
 * The customer filter language's schemas (docs/decisions/022-filter-language.md): what the server
 * accepts as a filter. The vocabulary (fields, operators, types) is in filter-language.ts and
 * filter-fields.ts, which this re-exports.
 */
export * from "./filter-language.ts";
export * from "./filter-fields.ts";

export const customerEntitySchema = z.enum(CUSTOMER_ENTITIES);

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

export const customerSortSchema = z.enum(CUSTOMER_SORTS);

/** Conversation-list filters: the same groups over `<entity>.attribute.<key>` fields. */
export const conversationFilterConditionSchema = filterConditionSchema.extend({
  field: z.string().max(80).regex(RECORD_ATTRIBUTE_FIELD, "expects <conversation|contact|company>.attribute.<key>"),
}) as unknown as ConditionSchema;
export const conversationFilterSchema = group(1, conversationFilterConditionSchema);
