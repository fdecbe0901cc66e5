import { generateKeyPairSync } from "node:crypto";
import { authenticate } from "mailauth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutboundMessage } from "~/integrations/core/types.ts";
import { startSmtpSink, type SmtpSink } from "~/test/support/smtp-sink.ts";
import { emailConfigSchema, emailSecretKeys } from "./config.ts";
import { sendEmail } from "./send.ts";
import { emailInbox } from "./testing/email-inbox.ts";

/** Issue 16, part 4: DKIM-signed replies (verified by mailauth against the published key) and List-Unsubscribe on surveys only. */
let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.stop();
});

const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const privateKey = keys.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
/** The TXT record an admin publishes at sb2026._domainkey.acme.example (README.md). */
const record = `v=DKIM1; k=rsa; p=${keys.publicKey.export({ type: "spki", format: "der" }).toString("base64")}`;
const dns = async (name: string, rrtype: string) => {
  if (rrtype === "TXT" && name === "sb2026._domainkey.acme.example") return [[record]];
  if (rrtype === "TXT" && name === "_dmarc.acme.example") return [["v=DMARC1; p=reject"]];
  throw Object.assign(new Error(`${name} not found`), { code: "ENOTFOUND" });
};

const inbox = (extra: Record<string, unknown> = {}) =>
  emailInbox("in1", { address: "support@acme.example", smtp: { host: "127.0.0.1", port: sink.port, secure: false }, ...extra });

const outbound = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
  id: `msg_${Math.random().toString(36).slice(2)}`,
  text: "Thank you — ありがとうございます。",
  author: { name: "Aiko Tanaka" },
  conversation: { id: "c1", number: 7, subject: "Refund", threadKey: null, replyToken: "tok7" },
  to: [{ kind: "email", address: "jane@customer.example" }],
  cc: [],
  previousProviderIds: [],
  attachments: [],
  ...overrides,
});

async function sent(message: OutboundMessage, extra: Record<string, unknown> = {}) {
  const before = sink.messages.length;
  await sendEmail(inbox(extra), message);
  return (await sink.waitFor(before + 1))[before]!;
}

describe("outbound deliverability", () => {
  it("signs with the inbox's DKIM key so the mail passes DKIM and DMARC for the inbox's domain", async () => {
    const config = emailConfigSchema.parse({ address: "support@acme.example", dkim: { selector: "sb2026", privateKey } });
    const mail = await sent(outbound(), { dkim: config.dkim });
    const result = await authenticate(mail.raw, {
      ip: "192.0.2.1",
      sender: "support@acme.example",
      mta: "mx.test",
      resolver: dns,
      disableArc: true,
      disableBimi: true,
    });
    expect(result.dkim.results[0]).toMatchObject({ signingDomain: "acme.example", status: { result: "pass" } });
    expect(result.dmarc && result.dmarc.status.result).toBe("pass");
  });

  it("sends no signature without a key, and a tampered signed mail fails", async () => {
    expect((await sent(outbound())).raw.toString()).not.toMatch(/^DKIM-Signature:/im);
    const signed = await sent(outbound(), { dkim: { selector: "sb2026", privateKey } });
    const tampered = Buffer.from(signed.raw.toString("latin1").replace("Subject: ", "Subject: FREE "), "latin1");
    const result = await authenticate(tampered, {
      ip: "192.0.2.1",
      sender: "support@acme.example",
      mta: "mx.test",
      resolver: dns,
      disableArc: true,
      disableBimi: true,
    });
    expect(result.dkim.results[0]?.status.result).toBe("fail");
  });

  it("adds List-Unsubscribe (one-click) only when the message asks for it, as surveys do", async () => {
    const reply = await sent(outbound());
    expect(reply.parsed.headers.has("list-unsubscribe")).toBe(false);
    expect(reply.parsed.headers.has("list-unsubscribe-post")).toBe(false);
    const survey = await sent(outbound({ unsubscribe: { url: "https://help.acme.example/unsubscribe/abc", oneClick: true } }));
    expect(survey.raw.toString()).toMatch(/^List-Unsubscribe: <https:\/\/help\.acme\.example\/unsubscribe\/abc>/m);
    expect(survey.raw.toString()).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
  });

  it("keeps the DKIM private key a secret of the inbox config", async () => {
    expect(emailSecretKeys).toContain("dkim.privateKey");
    expect(
      emailConfigSchema.safeParse({ address: "support@acme.example", dkim: { selector: "sb", privateKey: "not a key" } }).success,
    ).toBe(false);
  });
});
