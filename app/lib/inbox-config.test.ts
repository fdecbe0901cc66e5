import { describe, expect, it } from "vitest";
import { buildInboxConfig } from "./inbox-config.ts";

const form = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.set(k, v);
  return f;
};

describe("buildInboxConfig", () => {
  it("splits web chat origins on lines, commas and spaces", () => {
    expect(
      buildInboxConfig("web_chat", form({ allowedOrigins: "https://a.example\nhttps://b.example, https://c.example", greeting: "Hi" })),
    ).toEqual({
      allowedOrigins: ["https://a.example", "https://b.example", "https://c.example"],
      greeting: "Hi",
    });
  });

  it("leaves out email SMTP and IMAP blocks whose host is empty, and maps checkboxes", () => {
    expect(
      buildInboxConfig(
        "email",
        form({
          address: "support@acme.example",
          smtpHost: "",
          imapHost: "imap.acme.example",
          imapUser: "u",
          imapPassword: "p",
          imapSecure: "on",
          imapPort: "993",
        }),
      ),
    ).toEqual({
      address: "support@acme.example",
      imap: { host: "imap.acme.example", port: "993", secure: true, user: "u", pass: "p" },
    });
  });

  it("keeps required Twilio and Slack fields even when empty so the schema reports them", () => {
    expect(buildInboxConfig("twilio_sms", form({ phoneNumber: " +815012345678 " }))).toEqual({
      accountSid: "",
      authToken: "",
      phoneNumber: "+815012345678",
    });
    expect(buildInboxConfig("slack", form({ botToken: "xoxb-1" }))).toEqual({ signingSecret: "", botToken: "xoxb-1" });
  });
});
