import type { enSearch } from "./en-search.ts";

// 検索画面の日本語（ja.ts に展開）。
export const jaSearch: Record<keyof typeof enSearch, string> = {
  "search.fullPlaceholder": 'キーワード、"フレーズ"、-除外、返金、#123',
  "search.fullHint":
    'すべてのメッセージ・メモ・ファイル名・件名を検索します。複数の語はすべてを含むものに一致し、語の先頭でも一致します（invo → invoice）。"引用符" でフレーズ、-語 で除外。日本語はスペースなしで検索できます。',
  "search.filter.channel": "チャネル",
  "search.filter.status": "ステータス",
  "search.filter.department": "部署",
  "search.filter.assignee": "担当者",
  "search.filter.tag": "タグ",
  "search.filter.from": "開始日",
  "search.filter.to": "終了日",
  "search.filter.any": "すべて",
  "search.sort": "並び順",
  "search.sort.relevance": "関連度",
  "search.sort.newest": "新しい順",
  "search.apply": "適用",
  "search.hits": "この会話で {count} 件一致",
  "search.kind.note": "メモ",
  "search.kind.subject": "件名",
  "search.next": "次のページ",
  "search.first": "最初のページ",
  "search.customerScope": "{name} さんの履歴のみ",
  "search.companyScope": "{name} のみ",
  "search.clearScope": "全員を検索",
  "search.customerHistory": "この顧客の履歴を検索",
  "search.documents": "ファイル",
  "search.documentVersion": "バージョン {version}",
  "search.download": "ダウンロード",
};
