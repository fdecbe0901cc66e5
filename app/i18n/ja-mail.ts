import type { enMail } from "./en-mail.ts";

// 機械送信メール（自動応答・遅延・不達・苦情・第三者転送）の日本語文言（ja.ts に展開）。
export const jaMail: Record<keyof typeof enMail, string> = {
  "mail.automated": "自動送信",
  "mail.automatedTitle": "自動応答（不在通知など）です。チケットを再開せず、SLA もリセットしません。",
  "delivery.delayed": "遅延",
  "mail.delayedNote": "相手先のサーバーはまだ配信しておらず、再送を続けています：{reason}",
  "mail.undeliverable": "配信不能",
  "mail.undeliverableTitle": "このアドレス宛てのメールは不達になりました：{reason}",
  "mail.complained": "迷惑メール報告あり",
  "mail.complainedTitle": "この方は当社のメールを迷惑メールとして報告しました。アンケートなどのマーケティングメールは送りません。",
  "mail.warnUndeliverable":
    "{address} 宛てのメールは配信不能として戻ってきました（{reason}）。この返信も届かない可能性が高いため、別の方法でお客様にアドレスを確認してください。",
  "mail.warnComplained": "{address} は当社のメールを迷惑メールとして報告しています。依頼された内容だけを送ってください。",
  "mail.relatedTo": "関連チケット",
  "mail.forwardedIn": "第三者による転送",
  "timeline.newerMessages": "この後にも新しいメッセージがあります：最新を表示",
};
