// Strings of the CSAT filter field, the set-attribute automation action and filter-only search (issues 13 and 14), spread into en.ts.
export const enRecordBits = {
  "filter.field.csat": "Average CSAT rating",
  "search.noFilterResults": "No conversations match these filters.",
  "ops.action.set_attribute": "Set attribute",
  "ops.cond.of.conversation": "Conversation",
} as const;
