import type { enSla } from "./en-sla.ts";

// 会話の SLA カウントダウンと時計の日本語文言（ja-core.ts に展開。管理ページの文言は ja-admin.ts）。
export const jaSla: Record<keyof typeof enSla, string> = {
  "sla.target.first_response": "初回応答",
  "sla.target.next_response": "次回応答",
  "sla.target.resolution": "解決",
  "sla.dueIn": "{target}期限まで {time}",
  "sla.overdue": "{target}期限を {time} 超過",
  "sla.paused": "SLA 一時停止中",
  "sla.breaches": "SLA 違反 {count} 件",
  "event.slaWarning": "SLA {target}の期限が近づいています",
  "event.slaBreached": "SLA {target}の期限を超過しました",
  "notify.kind.sla": "SLA アラート",
  "hours.closed": "営業時間外",
  "hours.closedUntil": "営業時間外 · {time} に開始",
  "hours.open": "営業中",
  "hours.intervalsHelp": "1 行に 1 つの時間帯：曜日（1 = 月曜 … 7 = 日曜）と時刻。例「1 09:00-12:00」。昼休みは 2 行にします。",
  "hours.holidaysHelp": "休業する日付を 1 行に 1 つ（2026-12-31）。",
  "hours.save": "保存",
  "hours.delete": "削除",
};
