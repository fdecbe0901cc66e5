import type { enAutomation } from "./en-automation.ts";

// 自動化ルールとマクロの日本語文言（ja.ts に展開）。
export const jaAutomation: Record<keyof typeof enAutomation, string> = {
  "automation.rule": "ルール「{name}」",
  "automation.byRule": "（ルール「{name}」による）",
  "event.tags": "{actor} がタグを変更しました（{changes}）",
  "notify.kind.automation": "自動化ルールからの通知",
};
