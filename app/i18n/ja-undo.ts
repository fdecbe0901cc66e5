import type { enUndo } from "./en-undo.ts";

// 元に戻すトーストとスヌーズの日本語文言（ja-core.ts に展開。送信待ちの返信・日時指定・ショートカット一覧は ja-inbox-tools.ts）。
export const jaUndo: Record<keyof typeof enUndo, string> = {
  "undo.action": "元に戻す",
  "undo.dismiss": "閉じる",
  "undo.resolved": "解決しました",
  "undo.reopened": "再オープンしました",
  "undo.statusChanged": "ステータス: {status}",
  "undo.snoozed": "{time} までスヌーズしました",
  "undo.snoozedUntilReply": "顧客が返信するまでスヌーズしました",
  "undo.assigned": "{name} に割り当てました",
  "undo.unassigned": "割り当てを解除しました",
  "undo.sendingIn": "{seconds} 秒後に送信します",
  "snooze.pick": "日時を指定…",
  "snooze.untilReply": "顧客が返信するまで",
  "event.snoozedUntil": "{actor} が {time} までスヌーズしました",
  "event.snoozedUntilReply": "{actor} が顧客の返信までスヌーズしました",
  "event.undone": "{line}（元に戻しました）",
};
