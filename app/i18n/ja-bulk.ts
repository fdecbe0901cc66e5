import type { enBulk } from "./en-bulk.ts";

// 会話一覧の選択・一括操作・表示密度の日本語文言（ja.ts に展開）。
export const jaBulk: Record<keyof typeof enBulk, string> = {
  "bulk.selectRow": "会話 #{number} を選択",
  "bulk.selectAll": "表示中の会話をすべて選択",
  "bulk.selected": "{count}件選択中",
  "bulk.actions": "一括操作",
  "bulk.assign": "担当者…",
  "bulk.assignNobody": "担当者なし（割り当て解除）",
  "bulk.department": "部署…",
  "bulk.departmentNone": "部署なし",
  "bulk.status": "ステータス…",
  "bulk.tag": "タグ",
  "bulk.tagPlaceholder": "タグを追加",
  "bulk.addTag": "追加",
  "bulk.merge": "統合",
  "bulk.mergeConfirm":
    "{count}件の会話を #{number} に統合しますか？メッセージは #{number} に移り、他の会話はクローズされます。お客様への連絡は行われません。",
  "bulk.mergeOneCustomer": "統合できるのは同じお客様の会話だけです",
  "bulk.clear": "選択を解除",
  "bulk.working": "適用中…",
  "bulk.done": "{count}件を更新しました",
  "bulk.failed": "{count}件は変更できませんでした: {reason}",
  "bulk.help.select": "カーソル位置の会話を選択／選択解除",
  "density.label": "一覧の表示密度",
  "density.comfortable": "標準",
  "density.compact": "コンパクト",
};
