import { describe, expect, it } from "vitest";
import { parseEnv } from "./env.ts";

describe("parseEnv", () => {
  it("gives each channel its own settings, with the documented defaults", () => {
    const env = parseEnv({});
    expect(env.channelSettings.email).toEqual({
      smtpEnabled: true,
      smtpPort: 2525,
      smtpHost: "0.0.0.0",
      maxBytes: 25 * 1024 * 1024,
      tls: null,
      rateLimits: { connectionsPerMinute: 60, messagesPerMinute: 120 },
      auth: { enabled: true, dnsServers: undefined },
      imapLeaseMs: 30_000,
    });
    expect(Object.keys(env.channelSettings)).toEqual(["email"]);
    expect(parseEnv({ SMTP_PORT: "0", SMTP_ENABLED: "false" }).channelSettings.email).toMatchObject({ smtpPort: 0, smtpEnabled: false });
  });

  it("stops on an invalid channel variable, naming it", () => {
    expect(() => parseEnv({ SMTP_PORT: "70000" })).toThrow(/Invalid environment:\n {2}SMTP_PORT: /);
    expect(() => parseEnv({ PORT: "x", MAIL_MAX_BYTES: "-1" })).toThrow(/PORT: [\s\S]*MAIL_MAX_BYTES: /);
  });
});
