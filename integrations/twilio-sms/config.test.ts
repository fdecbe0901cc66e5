import { describe, expect, it } from "vitest";
import { apiBaseUrlOf, twilioSmsConfigSchema } from "./config.ts";

const accountSid = `AC${"0123456789abcdef".repeat(2)}`;
const messagingServiceSid = `MG${"fedcba9876543210".repeat(2)}`;

function issues(input: unknown): string[] {
  const r = twilioSmsConfigSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("twilioSmsConfigSchema", () => {
  it("normalises the inbox number to E.164 and trims the base URL", () => {
    const config = twilioSmsConfigSchema.parse({
      accountSid,
      authToken: "secret",
      phoneNumber: "+81 50-1234-5678",
      apiBaseUrl: "http://127.0.0.1:4010/",
      defaultCountry: "jp",
    });
    expect(config).toEqual({
      accountSid,
      authToken: "secret",
      phoneNumber: "+815012345678",
      apiBaseUrl: "http://127.0.0.1:4010",
      defaultCountry: "JP",
    });
    expect(apiBaseUrlOf(config)).toBe("http://127.0.0.1:4010");
  });

  it("accepts a Messaging Service instead of a number and treats empty fields as unset", () => {
    const config = twilioSmsConfigSchema.parse({ accountSid, authToken: "t", messagingServiceSid, phoneNumber: "", apiBaseUrl: "" });
    expect(config.phoneNumber).toBeUndefined();
    expect(config.messagingServiceSid).toBe(messagingServiceSid);
    expect(apiBaseUrlOf(config)).toBe("https://api.twilio.com");
  });

  it("explains each invalid field", () => {
    expect(issues({ accountSid, authToken: "t" })).toEqual(["phoneNumber: Set a phone number or a Messaging Service SID to send from"]);
    expect(issues({ accountSid, authToken: "t", phoneNumber: "050-1234-5678" })[0]).toMatch(/international form/);
    expect(issues({ accountSid: "AC123", authToken: "t", messagingServiceSid })[0]).toMatch(/^accountSid: /);
    expect(issues({ accountSid, authToken: "", messagingServiceSid })[0]).toMatch(/Auth Token is required/);
    expect(issues({ accountSid, authToken: "t", messagingServiceSid: "MG1" })[0]).toMatch(/Messaging Service SID/);
    expect(issues({ accountSid, authToken: "t", messagingServiceSid, apiBaseUrl: "ftp://x" })[0]).toMatch(/http\(s\) URL/);
    expect(issues({ accountSid, authToken: "t", messagingServiceSid, defaultCountry: "Japan" })[0]).toMatch(/two-letter/);
  });
});

describe("defaultCountry", () => {
  it("rejects a two-letter code that is no country", () => {
    expect(issues({ accountSid, authToken: "t", messagingServiceSid, defaultCountry: "ZZ" })[0]).toMatch(/Unknown country code/);
  });
});
