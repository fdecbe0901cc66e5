import type { enMerge } from "./en-merge.ts";

// 重複の統合ダイアログの日本語文言（ja.ts に展開）。
export const jaMerge: Record<keyof typeof enMerge, string> = {
  "merge.conversation.open": "統合…",
};
