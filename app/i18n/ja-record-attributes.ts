import type { enRecordAttributes } from "./en-record-attributes.ts";

// 受信箱の属性フィルタと、タイムライン上の属性変更の日本語文言（ja.ts に展開）。
export const jaRecordAttributes: Record<keyof typeof enRecordAttributes, string> = {
  "attrFilter.open": "属性",
  "attrFilter.remove": "条件を外す: {label}",
  "attrFilter.clear": "条件をすべて外す",
  "attrFilter.invalid": "この条件は使えません: {message}",
  "attrFilter.active": "属性で絞り込み中",
  "attrFilter.entity.conversation": "会話",
  "attrFilter.entity.contact": "顧客",
  "attrFilter.entity.company": "会社",
  "attrChange.changed": "{actor} が {label} を {from} から {to} に変更",
  "attrChange.set": "{actor} が {label} を {to} に設定",
  "attrChange.cleared": "{actor} が {label} を消去",
  "attrChange.yes": "オン",
  "attrChange.no": "オフ",
};
