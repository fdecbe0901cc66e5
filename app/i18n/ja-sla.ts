import type { enSla } from "./en-sla.ts";

// 会話の SLA カウントダウンと時計の日本語文言（ja-core.ts に展開。管理ページの文言は ja-admin.ts）。
export const jaSla: Record<keyof typeof enSla, string> = {
  "sla.target.first_response": "初回応答",
  "sla.target.next_response": "次回応答",
  "sla.target.resolution": "解決",
  "sla.dueIn": "{target}期限まで {time}",
  "sla.overdue": "{target}期限を {time} 超過",
  "sla.paused": "SLA 一時停止中",
  "event.slaWarning": "SLA {target}の期限が近づいています",
  "event.slaBreached": "SLA {target}の期限を超過しました",
  "notify.kind.sla": "SLA アラート",
  "hours.closed": "営業時間外",
  "hours.closedUntil": "営業時間外 · {time} に開始",
};
