import { describe, expect, it } from "vitest";
import { emailDescriptor } from "~/integrations/email/descriptor.ts";
import { slackDescriptor } from "~/integrations/slack/descriptor.ts";
import { twilioSmsDescriptor } from "~/integrations/twilio-sms/descriptor.ts";
import { webChatDescriptor } from "~/integrations/web-chat/descriptor.ts";
import { buildInboxConfig, fieldValue, withUnlistedKeys } from "./inbox-config.ts";

const form = (entries: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(entries)) f.set(k, v);
  return f;
};

describe("buildInboxConfig", () => {
  it("splits web chat origins on lines, commas and spaces", () => {
    expect(
      buildInboxConfig(
        webChatDescriptor.configFields,
        form({ allowedOrigins: "https://a.example\nhttps://b.example, https://c.example", greeting: "Hi" }),
      ),
    ).toEqual({
      allowedOrigins: ["https://a.example", "https://b.example", "https://c.example"],
      greeting: "Hi",
    });
  });

  it("leaves out email SMTP and IMAP blocks whose host is empty, and maps checkboxes", () => {
    expect(
      buildInboxConfig(
        emailDescriptor.configFields,
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
    expect(buildInboxConfig(twilioSmsDescriptor.configFields, form({ phoneNumber: " +815012345678 " }))).toEqual({
      accountSid: "",
      authToken: "",
      phoneNumber: "+815012345678",
    });
    expect(buildInboxConfig(slackDescriptor.configFields, form({ botToken: "xoxb-1" }))).toEqual({ signingSecret: "", botToken: "xoxb-1" });
  });
});

describe("buildInboxConfig with an SMTP block", () => {
  it("sends the block with its checkbox as a boolean once the host is filled", () => {
    expect(
      buildInboxConfig(emailDescriptor.configFields, form({ address: "a@acme.example", smtpHost: "smtp.acme.example", smtpPort: "465" })),
    ).toEqual({ address: "a@acme.example", smtp: { host: "smtp.acme.example", port: "465", secure: false } });
  });
});

describe("editing an inbox's config", () => {
  it("counts a kept secret as filled, so its block is still sent (the server puts the stored value back)", () => {
    const entered = form({ address: "a@acme.example", smtpHost: "smtp.acme.example", smtpUser: "u" });
    expect(buildInboxConfig(emailDescriptor.configFields, entered, ["smtp.pass"])).toEqual({
      address: "a@acme.example",
      smtp: { host: "smtp.acme.example", user: "u", secure: false },
    });
    expect(buildInboxConfig(emailDescriptor.configFields, form({ address: "a@acme.example" }), ["smtp.pass"])).toEqual({
      address: "a@acme.example",
    });
  });

  it("keeps stored keys no field controls, and lets the form replace the others", () => {
    const stored = { address: "old@acme.example", delivery: "capture", smtp: { host: "old" } };
    expect(withUnlistedKeys(emailDescriptor.configFields, stored, { address: "new@acme.example" })).toEqual({
      address: "new@acme.example",
      delivery: "capture",
    });
  });

  it("shows stored values as form values", () => {
    const origins = webChatDescriptor.configFields.find((f) => f.path === "allowedOrigins")!;
    expect(fieldValue(origins, { allowedOrigins: ["https://a.example", "https://b.example"] })).toBe(
      "https://a.example\nhttps://b.example",
    );
    const port = emailDescriptor.configFields.find((f) => f.path === "smtp.port")!;
    expect(fieldValue(port, { smtp: { port: 587 } })).toBe("587");
    expect(fieldValue(port, {})).toBeUndefined();
  });
});
