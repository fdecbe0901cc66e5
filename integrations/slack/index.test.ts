import { describe, expect, it } from "vitest";
import { slackAdapter } from "./index.ts";

describe("slackAdapter", () => {
  it("normalises Slack user addresses to TEAM:USER", () => {
    expect(slackAdapter.normalizeAddress(" t024be7ld:u0g9qf9c6 ")).toBe("T024BE7LD:U0G9QF9C6");
    expect(slackAdapter.normalizeAddress("E0ORG1234:W012A3CDE")).toBe("E0ORG1234:W012A3CDE");
    expect(slackAdapter.normalizeAddress("U0G9QF9C6")).toBeNull();
    expect(slackAdapter.normalizeAddress("someone@example.com")).toBeNull();
  });

  it("validates config with clear messages and keeps both credentials secret", () => {
    expect(slackAdapter.descriptor.secretKeys).toEqual(["signingSecret", "botToken"]);
    const bad = slackAdapter.descriptor.configSchema.safeParse({ signingSecret: "", botToken: "xoxp-user-token" });
    expect(bad.success).toBe(false);
    const messages = bad.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/^signingSecret: /), expect.stringMatching(/^botToken: .*xoxb-/)]),
    );
    expect(slackAdapter.descriptor.configSchema.safeParse({ signingSecret: "abc", botToken: "xoxb-1", apiUrl: "not a url" }).success).toBe(
      false,
    );
    expect(slackAdapter.descriptor.configSchema.parse({ signingSecret: "abc", botToken: "xoxb-1" })).toEqual({
      signingSecret: "abc",
      botToken: "xoxb-1",
    });
  });

  it("shows the two request URLs and a manifest that points at them", () => {
    const [events, interactions, manifest] = slackAdapter.setupInfo!("https://support.example.jp/", "inb123");
    expect(events!.value).toBe("https://support.example.jp/webhooks/slack/inb123/events");
    expect(interactions!.value).toBe("https://support.example.jp/webhooks/slack/inb123/interactions");
    const parsed = JSON.parse(manifest!.value);
    expect(parsed.settings.event_subscriptions).toEqual({ request_url: events!.value, bot_events: ["message.channels", "message.groups"] });
    expect(parsed.settings.interactivity.request_url).toBe(interactions!.value);
    expect(parsed.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(["chat:write", "chat:write.customize", "users:read.email", "files:read", "channels:history"]),
    );
    expect(parsed.features.shortcuts[0].callback_id).toBe("sb_send_to_customer");
  });
});
