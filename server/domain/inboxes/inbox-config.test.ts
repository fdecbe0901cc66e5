import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createSecretBox } from "~/server/lib/secret-box.ts";
import { openInboxConfig, sealInboxConfig } from "./inbox-config.ts";
import type { ChannelAdapter } from "~/integrations/core/types.ts";

const adapter = { descriptor: { secretKeys: ["authToken", "smtp.pass"], configSchema: z.any() } } as unknown as ChannelAdapter;
const box = createSecretBox("k".repeat(40));

describe("inbox config sealing", () => {
  it("keeps secrets out of the clear config and restores them", () => {
    const config = { accountSid: "AC1", authToken: "tok", smtp: { host: "h", pass: "p" } };
    const sealed = sealInboxConfig(adapter, config, box);
    expect(sealed.config).toEqual({ accountSid: "AC1", smtp: { host: "h" } });
    expect(sealed.secrets).not.toContain("tok");
    expect(openInboxConfig(sealed, box)).toEqual(config);
  });
  it("refuses a config sealed with another key", () => {
    const sealed = sealInboxConfig(adapter, { authToken: "tok" }, box);
    expect(() => openInboxConfig(sealed, createSecretBox("x".repeat(40)))).toThrow();
  });
});
