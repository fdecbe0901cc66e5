import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { emailAdapter } from "./index.ts";
import { processRawEmail } from "./process-raw.ts";
import { createMemoryHost } from "~/integrations/core/testing/memory-host.ts";
import { emailInbox } from "./testing/email-inbox.ts";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

describe("processing stored raw mail (crash recovery)", () => {
  it("re-running the same payload ingests it once", async () => {
    const inbox = emailInbox("in1", { address: "support@acme.example" });
    const world = createMemoryHost({ inboxes: [inbox] });
    await emailAdapter.processRawEvent!(inbox, fixture("gmail-reply.eml"), world.host);
    await emailAdapter.processRawEvent!(inbox, fixture("gmail-reply.eml"), world.host);
    expect(world.ingested).toHaveLength(1);
    expect(await processRawEmail(world.host, "in1", fixture("gmail-reply.eml"))).toMatchObject({ kind: "message", duplicate: true });
  });

  it("throws the parse error for unusable mail so the event is marked failed with a reason", async () => {
    const inbox = emailInbox("in1", { address: "support@acme.example" });
    const world = createMemoryHost({ inboxes: [inbox] });
    await expect(emailAdapter.processRawEvent!(inbox, Buffer.from("Subject: x\r\n\r\nno sender"), world.host)).rejects.toThrow(
      "message has no valid From address",
    );
  });

  it("ignores copies of our own outbound mail and mail from the inbox's own address", async () => {
    const world = createMemoryHost({ inboxes: [emailInbox("in1", { address: "support@acme.example" })] });
    const own = Buffer.from(
      "From: Aiko via Acme <support@acme.example>\r\nTo: jane@example.net\r\nMessage-ID: <sb.m1@acme.example>\r\nSubject: [#1] Hi\r\n\r\nHi\r\n",
    );
    expect(await processRawEmail(world.host, "in1", own)).toEqual({ kind: "ignored", reason: "a copy of a message this inbox sent" });
    const loop = Buffer.from(
      "From: support+r-abcd1234@acme.example\r\nTo: support@acme.example\r\nMessage-ID: <x@y.example>\r\n\r\nHi\r\n",
    );
    expect(await processRawEmail(world.host, "in1", loop)).toEqual({
      kind: "ignored",
      reason: "sent from the inbox's own address (mail loop)",
    });
    expect(world.ingested).toHaveLength(0);
  });

  it("reports a deleted inbox instead of failing", async () => {
    const world = createMemoryHost({ inboxes: [] });
    expect(await processRawEmail(world.host, "gone", fixture("gmail-new.eml"))).toEqual({
      kind: "rejected",
      reason: "inbox gone no longer exists",
    });
  });

  it("validates inbox config and lists the secret paths for encryption", () => {
    expect(emailAdapter.descriptor.secretKeys).toEqual(["smtp.pass", "imap.pass", "dkim.privateKey"]);
    const parsed = emailAdapter.descriptor.configSchema.safeParse({ address: "Support@Acme.Example", smtp: { host: "smtp.acme.example" } });
    expect(parsed.success && parsed.data).toMatchObject({ address: "support@acme.example", smtp: { port: 587, secure: false } });
    expect(emailAdapter.descriptor.configSchema.safeParse({ address: "not-an-address" }).success).toBe(false);
    expect(emailAdapter.descriptor.configSchema.safeParse({ address: "a@b.example", imap: { host: "imap.b.example" } }).success).toBe(
      false,
    );
    expect(emailAdapter.normalizeAddress(" Jane <JANE@Example.com> ")).toBe("jane@example.com");
  });
});
