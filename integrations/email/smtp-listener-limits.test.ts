import nodemailer from "nodemailer";
import { afterEach, describe, expect, it } from "vitest";
import { createMemoryHost } from "~/integrations/core/testing/memory-host.ts";
import { startSmtpListener, type SmtpListener } from "./smtp-listener.ts";
import { emailInbox } from "./testing/email-inbox.ts";

/** Per-IP limits of the SMTP listener, over real SMTP; the memory host counts like host.rateLimit. */
let listener: SmtpListener | null = null;
afterEach(async () => {
  await listener?.stop();
  listener = null;
});

const mail = (n: number) =>
  `From: Sender <sender@example.net>\r\nTo: support@acme.example\r\nSubject: Mail ${n}\r\nMessage-ID: <limit-${n}-${Date.now()}@example.net>\r\n\r\nHello ${n}\r\n`;

async function start(rateLimits: { connectionsPerMinute: number; messagesPerMinute: number }) {
  const world = createMemoryHost({ inboxes: [emailInbox("in-support", { address: "support@acme.example" })] });
  listener = await startSmtpListener(world.host, { port: 0, host: "127.0.0.1", maxBytes: 64 * 1024, rateLimits });
  return world;
}

describe("SMTP listener rate limits", () => {
  it("answers 451 to mail beyond the per-IP message limit, on one pooled connection too", async () => {
    const world = await start({ connectionsPerMinute: 0, messagesPerMinute: 2 });
    const transport = nodemailer.createTransport({
      host: "127.0.0.1",
      port: listener!.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 1,
    });
    try {
      const send = (n: number) =>
        transport.sendMail({ envelope: { from: "sender@example.net", to: ["support@acme.example"] }, raw: mail(n) });
      await expect(send(1)).resolves.toMatchObject({ response: expect.stringMatching(/^250/) });
      await expect(send(2)).resolves.toMatchObject({ response: expect.stringMatching(/^250/) });
      await expect(send(3)).rejects.toMatchObject({ responseCode: 451 });
    } finally {
      transport.close();
    }
    expect(world.rawEvents.size).toBe(2);
  });

  it("refuses connections beyond the per-IP connection limit with 421", async () => {
    await start({ connectionsPerMinute: 2, messagesPerMinute: 0 });
    const verify = async () => {
      const transport = nodemailer.createTransport({ host: "127.0.0.1", port: listener!.port, secure: false, ignoreTLS: true });
      try {
        return await transport.verify();
      } finally {
        transport.close();
      }
    };
    await expect(verify()).resolves.toBe(true);
    await expect(verify()).resolves.toBe(true);
    await expect(verify()).rejects.toMatchObject({ responseCode: 421 });
  });
});
