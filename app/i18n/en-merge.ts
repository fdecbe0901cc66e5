// English strings of the merge dialogs (spread into en.ts).
export const enMerge = {
  "merge.conversation.open": "Merge into…",
} as const;
