import type { enSurvey } from "./en-survey.ts";

// 顧客満足度アンケートのページの日本語文言（ja.ts に展開）。
export const jaSurvey: Record<keyof typeof enSurvey, string> = {
  "survey.pageTitle": "ご対応はいかがでしたか？",
  "survey.intro": "{inbox} とのお問い合わせ #{number} は解決済みになりました。今回のサポートにどの程度ご満足いただけましたか？",
  "survey.ratingLegend": "評価",
  "survey.star1": "1 – とても不満",
  "survey.star2": "2 – 不満",
  "survey.star3": "3 – どちらともいえない",
  "survey.star4": "4 – 満足",
  "survey.star5": "5 – とても満足",
  "survey.comment": "ご意見があればお聞かせください（任意）",
  "survey.submit": "評価を送信",
  "survey.update": "評価を更新",
  "survey.thanks": "ご回答ありがとうございました！",
  "survey.thanksText": "評価: {rating}/5。回答は下のフォームからいつでも変更できます。",
  "survey.pickRating": "1〜5 の評価を選んでください。",
  "survey.rateLimited": "送信回数が多すぎます。1 分ほどしてからもう一度お試しください。",
  "survey.notFound": "アンケートが見つかりません",
  "survey.notFoundText": "このアンケートのリンクは無効です。メッセージ内のリンクをすべてコピーしたかご確認ください。",
  "survey.language": "言語",
  "survey.unsubscribe": "今後アンケートを受け取らない",
  "survey.unsubscribed": "今後アンケートはお送りしません。お問い合わせへのご返信は引き続きお届けします。",
};
