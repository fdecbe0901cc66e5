import { describe, expect, it } from "vitest";
import { channels } from "~/server/channels/registry.ts";
import { channelCan, describeChannels, inboxHealth } from "~/server/domain/channels/describe-channels.ts";

// What every channel's descriptor must hold for the app to draw it without knowing the channel.
describe("channel descriptors", () => {
  const ctx = { channels };

  it.each(channels.list().map((a) => [a.descriptor.kind, a.descriptor] as const))("%s describes itself completely", (_kind, d) => {
    for (const text of [d.label, d.identityLabel, ...d.configFields.map((f) => f.label)]) {
      expect(text.en.trim()).not.toBe("");
      expect(text.ja.trim()).not.toBe("");
    }
    expect(d.icon.paths.length).toBeGreaterThan(0);
    const names = d.configFields.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    // A secret input is exactly a config key the core encrypts.
    expect(d.configFields.filter((f) => f.secret).map((f) => f.path)).toEqual([...d.secretKeys]);
    if (d.capabilities.optOut) expect(d.strings.optedOut).toBeDefined();
  });

  it("reaches the app as plain JSON, in registry order", () => {
    const info = describeChannels(ctx);
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
    expect(info.map((c) => c.kind)).toEqual(channels.kinds);
    expect(info.every((c) => !("configSchema" in c) && !("secretKeys" in c))).toBe(true);
  });

  it("answers capabilities and health by kind, and nothing for a kind the server does not run", () => {
    expect(channelCan(ctx, "slack", "channelLinks")).toBe(true);
    expect(channelCan(ctx, "email", "channelLinks")).toBe(false);
    expect(channelCan(ctx, "fax", "optOut")).toBe(false);
    expect(inboxHealth(ctx, { kind: "fax", state: {} })).toBeNull();
    expect(inboxHealth(ctx, { kind: "web_chat", state: {} })).toBeNull();
  });

  it("reads IMAP health from an email inbox's state", () => {
    expect(inboxHealth(ctx, { kind: "email", state: {} })).toBeNull();
    expect(
      inboxHealth(ctx, {
        kind: "email",
        state: { imap: { status: "error", error: "Invalid credentials", lastUid: 7, nextRetryAt: "2026-12-01T10:00:00.000Z" } },
      }),
    ).toEqual({
      check: "imap",
      label: { en: "IMAP", ja: "IMAP" },
      status: "error",
      statusText: { en: "Error", ja: "エラー" },
      message: { en: "Last error: Invalid credentials", ja: "直近のエラー: Invalid credentials" },
      checkedAt: null,
      nextAttemptAt: "2026-12-01T10:00:00.000Z",
    });
    expect(
      inboxHealth(ctx, { kind: "email", state: { imap: { status: "connected", lastSyncAt: "2026-12-01T09:00:00.000Z" } } }),
    ).toMatchObject({ status: "ok", message: null, checkedAt: "2026-12-01T09:00:00.000Z" });
  });
});
