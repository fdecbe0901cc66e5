import { describe, expect, it } from "vitest";
import { signTwilioRequest, verifyTwilioSignature, webhookPath, webhookUrl } from "./signature.ts";

const authToken = "12345678901234567890123456789012";
const publicUrl = "https://support.example.jp";
const path = webhookPath("inbox_1", "sms");
const params = { MessageSid: "SM1", From: "+819012345678", Body: "こんにちは" };

describe("Twilio signatures", () => {
  const signature = signTwilioRequest(authToken, `${publicUrl}${path}`, params);

  it("accepts a request signed over the public URL", () => {
    expect(verifyTwilioSignature({ authToken, signature, publicUrl, path, params })).toBe(true);
    expect(verifyTwilioSignature({ authToken, signature, publicUrl: `${publicUrl}/`, path, params })).toBe(true);
  });

  it("rejects a missing or wrong signature, another token, URL or changed parameter", () => {
    expect(verifyTwilioSignature({ authToken, signature: undefined, publicUrl, path, params })).toBe(false);
    expect(verifyTwilioSignature({ authToken, signature: "bm9wZQ==", publicUrl, path, params })).toBe(false);
    expect(verifyTwilioSignature({ authToken: "other", signature, publicUrl, path, params })).toBe(false);
    expect(verifyTwilioSignature({ authToken, signature, publicUrl: "http://10.0.0.5:3000", path, params })).toBe(false);
    expect(verifyTwilioSignature({ authToken, signature, publicUrl, path: webhookPath("inbox_2", "sms"), params })).toBe(false);
    expect(verifyTwilioSignature({ authToken, signature, publicUrl, path, params: { ...params, Body: "こんばんは" } })).toBe(false);
  });

  it("builds the webhook URLs shown to admins", () => {
    expect(webhookUrl("https://support.example.jp/", "abc", "status")).toBe("https://support.example.jp/webhooks/twilio/abc/status");
  });
});
