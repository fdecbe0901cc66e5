import type { enCustomers } from "./en-customers.ts";

// 日本語: 顧客レコード(会社、顧客の会社カード)。
export const jaCustomers: Record<keyof typeof enCustomers, string> = {
  "companies.title": "会社",
  "companies.new": "会社を追加",
  "companies.name": "会社名",
  "companies.domains": "メールドメイン",
  "companies.domainsHint":
    "1行に1つ、またはカンマ区切り。これらのドメインから連絡した顧客は自動的にこの会社に紐付きます。フリーメールのドメインは登録できません。",
  "companies.notes": "メモ",
  "companies.people": "担当者",
  "companies.peopleCount": "{count}人",
  "companies.noPeople": "まだいません。",
  "companies.none": "会社はまだありません。",
  "companies.search": "会社名またはドメイン",
  "companies.timeline": "履歴",
  "companies.timelineHint": "この会社の全員の会話を新しい順に表示します。",
  "companies.conversations": "会話",
  "companies.noConversations": "会話はまだありません。",
  "companies.save": "保存",
  "companies.saved": "保存しました。",
  "companies.edit": "会社を編集",
  "companies.link": "会社に紐付け",
  "companies.unlink": "紐付けを解除",
  "companies.choose": "会社を選択…",
  "companies.open": "会社を開く",
};
