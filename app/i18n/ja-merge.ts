import type { enMerge } from "./en-merge.ts";

// 重複の統合ダイアログの日本語文言（ja.ts に展開）。
export const jaMerge: Record<keyof typeof enMerge, string> = {
  "merge.conversation.open": "統合…",
  "merge.conversation.title": "この会話を別の会話に統合",
  "merge.conversation.pick": "同じお客様の未完了の会話",
  "merge.conversation.none": "このお客様には統合先となる未完了の会話がありません。",
  "merge.conversation.explain":
    "#{number} のメッセージ・メモ・ファイルはすべて選んだ会話に移り、#{number} はクローズされます。タイムラインは残り、両方の会話に統合が記録されます。お客様への連絡は行われません。",
  "merge.conversation.confirm": "#{number} に統合",
  "merge.contact.open": "別のお客様に統合…",
  "merge.contact.title": "このお客様を別のお客様に統合",
  "merge.contact.search": "残すお客様を検索",
  "merge.contact.searchPlaceholder": "名前・メールアドレス・電話番号",
  "merge.contact.noMatch": "該当する他のお客様はいません。",
  "merge.contact.pick": "選択",
  "merge.contact.explain":
    "{source} のメールアドレス・電話番号などの識別情報、会話、ドキュメントは {into} に移ります。{source} は統合の記録としてのみ残ります。誰にも連絡は行われません。",
  "merge.contact.confirm": "{into} に統合",
  "merge.next": "次へ",
  "merge.back": "戻る",
  "merge.cancel": "キャンセル",
  "merge.merging": "統合中…",
};
