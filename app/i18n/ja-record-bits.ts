import type { enRecordBits } from "./en-record-bits.ts";

// CSAT の絞り込み項目、属性を設定する自動化アクション、条件だけの検索の日本語文言（ja.ts に展開）。
export const jaRecordBits: Record<keyof typeof enRecordBits, string> = {};
