import "~/app/i18n/dictionaries.server.ts";
import { describe, expect, it } from "vitest";
import { translator } from "~/app/i18n/index.ts";
import { englishNotification, type NotificationText } from "~/common/notification-text.ts";
import { notificationText } from "./notification-text.ts";

const samples: NotificationText[] = [
  { message: "mention", actor: "佐藤 健二", conversation: "#12 請求書" },
  { message: "assigned", actor: "Maya Chen", conversation: "#3 Refund" },
  { message: "auto-assigned", conversation: "#4" },
  { message: "handoff", actor: "Maya Chen", conversation: "#5 Order", target: "Billing" },
  { message: "reply", customer: "山田 太郎", conversation: "#6 配送", preview: "まだ届きません" },
  { message: "reply", customer: "山田 太郎", conversation: "#6 配送", preview: "" },
  { message: "sla", conversation: "#7", target: "first_response", alert: "warning" },
  { message: "sla", conversation: "#7", target: "resolution", alert: "breached" },
  { message: "rule", rule: "VIP", conversation: "#8" },
  { message: "webhook-disabled", url: "https://hooks.example.com/x" },
];

describe("notificationText", () => {
  it("words every notification in Japanese, with no English left in it", () => {
    const ja = translator("ja");
    for (const text of samples) {
      const line = notificationText({ title: englishNotification(text), text }, ja);
      expect(line, text.message).not.toMatch(/notify\.|mentioned|assigned|replied|handed|due soon|breached|disabled/);
    }
    expect(notificationText({ title: "", text: samples[0]! }, ja)).toBe("佐藤 健二さんが#12 請求書であなたをメンションしました");
    expect(notificationText({ title: "", text: samples[7]! }, ja)).toBe("#7: 解決の期限を過ぎました（SLA違反）");
  });

  it("keeps the stored English title for rows written before notifications carried their text", () => {
    expect(notificationText({ title: "Ann mentioned you in #1", text: null }, translator("ja"))).toBe("Ann mentioned you in #1");
  });

  it("words English as the stored title does (SLA and rule lines name the target and rule their own way)", () => {
    const en = translator("en");
    for (const text of samples.filter((s) => s.message !== "sla" && s.message !== "rule")) {
      expect(notificationText({ title: "", text }, en)).toBe(englishNotification(text));
    }
  });
});
