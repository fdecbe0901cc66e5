// English strings of the conversation list's selection and density (spread into en-core.ts; the bulk bar's are in en-inbox-tools.ts).
export const enBulk = {
  "bulk.selectRow": "Select conversation #{number}",
  "bulk.selectAll": "Select all conversations shown",
  "density.label": "List density",
  "density.compact": "Compact",
} as const;
