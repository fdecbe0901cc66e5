import type { enCanned } from "./en-canned.ts";

// 定型文ページの日本語文言（ja.ts に展開）。
export const jaCanned: Record<keyof typeof enCanned, string> = {
  "canned.title": "定型文",
  "canned.intro": "返信欄で / を入力して挿入できる保存済みの返信です。管理者はすべて、エージェントは自分が作成したものを編集できます。",
  "canned.shortcut": "ショートカット",
  "canned.titleField": "タイトル",
  "canned.body": "本文",
  "canned.department": "公開範囲",
  "canned.everyone": "全員",
  "canned.variables":
    "変数: {{contact.name}}, {{contact.firstName}}, {{agent.name}}, {{agent.firstName}}, {{conversation.number}}, {{conversation.subject}}",
  "canned.new": "新しい定型文",
  "canned.save": "保存",
  "canned.saved": "保存しました。",
  "canned.edit": "編集",
  "canned.cancel": "キャンセル",
  "canned.delete": "削除",
  "canned.confirmDelete": "定型文 /{shortcut} を削除しますか？",
  "canned.empty": "定型文はまだありません。",
};
