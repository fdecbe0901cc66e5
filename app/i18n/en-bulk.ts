// English strings of the conversation list's selection, bulk actions and density (spread into en.ts).
export const enBulk = {
  "bulk.selectRow": "Select conversation #{number}",
  "bulk.selectAll": "Select all conversations shown",
  "density.label": "List density",
  "density.comfortable": "Comfortable",
  "density.compact": "Compact",
} as const;
