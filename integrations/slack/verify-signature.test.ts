import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkSlackSignature } from "./verify-signature.ts";

const secret = "8f742231b10e8888abcd99yyyzzz85a5";
// Computed independently of Bolt so the test would catch a wrong base string.
const sign = (body: string, ts: number, key = secret) => `v0=${createHmac("sha256", key).update(`v0:${ts}:${body}`).digest("hex")}`;

describe("checkSlackSignature", () => {
  const now = 1_790_000_000_000;
  const ts = Math.floor(now / 1000);
  const body = JSON.stringify({ type: "event_callback", event: { text: "こんにちは" } });

  it("accepts a request signed as Slack signs it", () => {
    expect(
      checkSlackSignature({ signingSecret: secret, rawBody: body, signature: sign(body, ts), timestamp: String(ts), nowMs: now }),
    ).toEqual({ ok: true });
  });

  it("accepts a request within the five-minute window", () => {
    const old = ts - 299;
    expect(
      checkSlackSignature({ signingSecret: secret, rawBody: body, signature: sign(body, old), timestamp: String(old), nowMs: now }).ok,
    ).toBe(true);
  });

  it("rejects a correctly signed replay older than five minutes", () => {
    const old = ts - 301;
    const r = checkSlackSignature({ signingSecret: secret, rawBody: body, signature: sign(body, old), timestamp: String(old), nowMs: now });
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/stale/) });
  });

  it("rejects a timestamp more than five minutes in the future", () => {
    const future = ts + 301;
    const r = checkSlackSignature({
      signingSecret: secret,
      rawBody: body,
      signature: sign(body, future),
      timestamp: String(future),
      nowMs: now,
    });
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/future/) });
  });

  it("rejects a signature made with another secret", () => {
    const r = checkSlackSignature({
      signingSecret: secret,
      rawBody: body,
      signature: sign(body, ts, "other"),
      timestamp: String(ts),
      nowMs: now,
    });
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/mismatch/) });
  });

  it("rejects a body changed after signing (the raw bytes are what is signed)", () => {
    const r = checkSlackSignature({
      signingSecret: secret,
      rawBody: body.replace("こんにちは", "hello"),
      signature: sign(body, ts),
      timestamp: String(ts),
      nowMs: now,
    });
    expect(r.ok).toBe(false);
  });

  it("rejects missing headers, unknown versions and garbage timestamps", () => {
    expect(checkSlackSignature({ signingSecret: secret, rawBody: body, signature: undefined, timestamp: String(ts), nowMs: now }).ok).toBe(
      false,
    );
    expect(
      checkSlackSignature({ signingSecret: secret, rawBody: body, signature: sign(body, ts), timestamp: undefined, nowMs: now }).ok,
    ).toBe(false);
    expect(
      checkSlackSignature({
        signingSecret: secret,
        rawBody: body,
        signature: sign(body, ts).replace("v0=", "v1="),
        timestamp: String(ts),
        nowMs: now,
      }).ok,
    ).toBe(false);
    expect(
      checkSlackSignature({ signingSecret: secret, rawBody: body, signature: sign(body, ts), timestamp: "12abc", nowMs: now }).ok,
    ).toBe(false);
  });
});
