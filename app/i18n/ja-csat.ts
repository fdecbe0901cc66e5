import type { enCsat } from "./en-csat.ts";

// 会話の CSAT 評価の日本語文言（ja-core.ts に展開。アンケートページは ja-survey.ts、設定は ja-admin.ts）。
export const jaCsat: Record<keyof typeof enCsat, string> = {
  "event.csatSent": "満足度アンケートを送信しました（{channel}）",
  "event.csat": "お客様の評価: {stars} {rating}/5",
  "event.csatComment": "お客様の評価: {stars} {rating}/5「{comment}」",
  "csat.title": "顧客満足度",
  "csat.rating": "{rating}/5",
  "csat.resolveWithoutSurvey": "アンケートを送らずに解決",
};
