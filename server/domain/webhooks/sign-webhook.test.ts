import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { newWebhookSecret, signWebhook } from "./sign-webhook.ts";

describe("signWebhook", () => {
  it("signs '<t>.<body>' with HMAC-SHA256 in the documented header format", () => {
    const header = signWebhook("whsec_test", '{"id":"evt_1"}', 1_765_000_000);
    const expected = createHmac("sha256", "whsec_test").update('1765000000.{"id":"evt_1"}').digest("hex");
    expect(header).toBe(`t=1765000000,v1=${expected}`);
  });

  it("changes with the timestamp, the body and the secret", () => {
    const a = signWebhook("s1", "body", 1);
    expect(signWebhook("s1", "body", 2)).not.toBe(a);
    expect(signWebhook("s1", "body!", 1)).not.toBe(a);
    expect(signWebhook("s2", "body", 1)).not.toBe(a);
  });

  it("makes a fresh secret each time", () => {
    expect(newWebhookSecret()).toMatch(/^whsec_[\w-]{32}$/);
    expect(newWebhookSecret()).not.toBe(newWebhookSecret());
  });
});
