import type { enNotify } from "./en-notify.ts";

// デスクトップ通知とチームメイトの下書きの文言（ja.ts に展開）。
export const jaNotify: Record<keyof typeof enNotify, string> = {
  "notify.kind.mention": "あなたがメンションされました",
  "notify.kind.assignment": "あなたに割り当てられました",
  "notify.kind.reply": "顧客から返信がありました",
  "notify.kind.handoff": "あなたの部署に引き継がれました",
  "notify.kind.other": "Switchboard",
  "notify.text.mention": "{actor}さんが{conversation}であなたをメンションしました",
  "notify.text.assigned": "{actor}さんが{conversation}をあなたに割り当てました",
  "notify.text.autoAssigned": "{conversation}があなたに割り当てられました",
  "notify.text.handoff": "{actor}さんが{conversation}を{target}に引き継ぎました",
  "notify.text.reply": "{customer}さんが{conversation}に返信しました",
  "notify.text.replyPreview": "{customer}さんが{conversation}に返信しました: {preview}",
  "notify.text.slaWarning": "{conversation}: {target}の期限が近づいています（SLA）",
  "notify.text.slaBreached": "{conversation}: {target}の期限を過ぎました（SLA違反）",
  "notify.text.rule": "ルール「{rule}」: {conversation}",
  "notify.text.webhookDisabled": "失敗が続いたため Webhook を無効にしました: {url}",
  "drafts.teammateReply": "{name} さんが返信を下書き中です",
  "drafts.teammateNote": "{name} さんがメモを下書き中です",
};
