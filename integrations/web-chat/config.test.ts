import { describe, expect, it } from "vitest";
import { readConfig, webChatConfigSchema } from "./config.ts";
import { frameAncestors, originAllowed } from "./origin.ts";

describe("web chat config", () => {
  it("fills defaults and normalises origins and colour", () => {
    const config = webChatConfigSchema.parse({
      color: "#0E7490",
      allowedOrigins: ["https://Shop.Example.com/page?x=1", "https://shop.example.com"],
    });
    expect(config).toEqual({
      title: "Chat with us",
      greeting: "Hi! How can we help you today?",
      color: "#0e7490",
      allowedOrigins: ["https://shop.example.com"],
    });
  });

  it("explains what is wrong", () => {
    const result = webChatConfigSchema.safeParse({ color: "red", allowedOrigins: ["javascript:alert(1)"], title: "" });
    expect(result.success).toBe(false);
    const messages = result.error!.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(messages).toContainEqual(expect.stringMatching(/^color: Color must be a hex color/));
    expect(messages).toContainEqual(expect.stringMatching(/^allowedOrigins.0: "javascript:alert\(1\)" is not a web origin/));
    expect(messages).toContainEqual(expect.stringMatching(/^title:/));
  });

  it("reads a stored config that predates a field", () => {
    expect(readConfig({ title: "サポート" })).toMatchObject({ title: "サポート", allowedOrigins: [], color: "#2563eb" });
  });
});

describe("widget origins", () => {
  it("lets any site frame the widget when no origins are set, otherwise only those", () => {
    expect(frameAncestors([])).toBe("*");
    expect(frameAncestors(["https://a.example", "https://b.example"])).toBe("'self' https://a.example https://b.example");
  });

  it("accepts API calls from our own page only (or non-browser clients without Origin)", () => {
    const publicUrl = "https://support.example.com";
    expect(originAllowed(publicUrl, "https://support.example.com", "support.example.com")).toBe(true);
    expect(originAllowed(publicUrl, undefined, "support.example.com")).toBe(true);
    expect(originAllowed(publicUrl, "https://shop.example.com", "support.example.com")).toBe(false);
    expect(originAllowed(publicUrl, "null", "support.example.com")).toBe(false);
    // Reached by an internal name: same host is fine, but never plain http for an https install.
    expect(originAllowed(publicUrl, "https://10.0.0.5:3000", "10.0.0.5:3000")).toBe(true);
    expect(originAllowed(publicUrl, "http://10.0.0.5:3000", "10.0.0.5:3000")).toBe(false);
  });
});
