import type { enBulk } from "./en-bulk.ts";

// 会話一覧の選択と表示密度の日本語文言（ja-core.ts に展開。一括操作バーは ja-inbox-tools.ts）。
export const jaBulk: Record<keyof typeof enBulk, string> = {
  "bulk.selectRow": "会話 #{number} を選択",
  "bulk.selectAll": "表示中の会話をすべて選択",
  "density.label": "一覧の表示密度",
  "density.compact": "コンパクト",
};
