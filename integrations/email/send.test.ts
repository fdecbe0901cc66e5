import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpSink, type SmtpSink } from "~/test/support/smtp-sink.ts";
import { PermanentSendError, RetryableSendError, type OutboundMessage } from "~/integrations/core/types.ts";
import { sendEmail } from "./send.ts";
import { emailInbox } from "./testing/email-inbox.ts";

let sink: SmtpSink;
beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink.stop();
});

const inbox = (port: number, extra: Record<string, unknown> = {}) =>
  emailInbox("in1", {
    address: "support@acme.example",
    smtp: { host: "127.0.0.1", port, secure: false, user: "relay", pass: "secret" },
    signature: "Acme Support — https://acme.example",
    ...extra,
  });

function outbound(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    id: "msg_1",
    text: "Hello Jane,\n\nyour account is unlocked.",
    author: { name: "Aiko Tanaka", signature: "Aiko" },
    conversation: { id: "c1", number: 1042, subject: "Cannot log in", threadKey: null, replyToken: "k3j9x2m7q1" },
    to: [{ kind: "email", address: "jane.doe@gmail.example", displayName: "Jane Doe" }],
    cc: [{ kind: "email", address: "bob@partner.example" }],
    previousProviderIds: [],
    attachments: [],
    ...overrides,
  };
}

describe("sendEmail", () => {
  it("sends with Message-ID, Reply-To token, ticket subject, names, signature, CCs and attachments", async () => {
    const before = sink.messages.length;
    const result = await sendEmail(
      inbox(sink.port),
      outbound({
        attachments: [
          {
            id: "a1",
            filename: "手順書.pdf",
            contentType: "application/pdf",
            size: 9,
            read: async () => Buffer.from("%PDF-1.4\n"),
            publicUrl: "",
          },
        ],
      }),
    );
    expect(result).toMatchObject({ providerMessageId: "sb.msg_1@acme.example", status: "sent" });
    const [mail] = (await sink.waitFor(before + 1)).slice(before);
    const p = mail!.parsed;
    expect(mail!.envelope.to.sort()).toEqual(["bob@partner.example", "jane.doe@gmail.example"]);
    expect(mail!.auth).toEqual({ username: "relay", password: "secret" });
    expect(p.messageId).toBe("<sb.msg_1@acme.example>");
    expect(p.subject).toBe("[#1042] Cannot log in");
    expect(p.from?.value[0]).toEqual({ name: "Aiko Tanaka via Acme Support", address: "support@acme.example" });
    expect(p.replyTo?.value[0]?.address).toBe("support+r-k3j9x2m7q1@acme.example");
    expect(p.inReplyTo).toBeUndefined();
    expect(p.text?.trimEnd()).toBe("Hello Jane,\n\nyour account is unlocked.\n\n-- \nAiko\n\nAcme Support — https://acme.example");
    expect(p.html).toContain("<p>Hello Jane,</p><p>your account is unlocked.</p>");
    expect(p.attachments[0]).toMatchObject({ filename: "手順書.pdf", contentType: "application/pdf" });
    expect(p.attachments[0]!.content.toString()).toBe("%PDF-1.4\n");
  });

  it("threads replies with In-Reply-To/References and a Re: subject", async () => {
    const before = sink.messages.length;
    await sendEmail(
      inbox(sink.port),
      outbound({ id: "msg_2", previousProviderIds: ["CAF3xK9pQ2=Nm7vZr4Jd+Lw0@mail.gmail.example", "sb.msg_1@acme.example"] }),
    );
    const p = (await sink.waitFor(before + 1))[before]!.parsed;
    expect(p.subject).toBe("Re: [#1042] Cannot log in");
    expect(p.inReplyTo).toBe("<sb.msg_1@acme.example>");
    expect(p.references).toEqual(["<CAF3xK9pQ2=Nm7vZr4Jd+Lw0@mail.gmail.example>", "<sb.msg_1@acme.example>"]);
  });

  it("encodes Japanese headers as RFC 2047 UTF-8 and the body as UTF-8", async () => {
    const before = sink.messages.length;
    await sendEmail(
      inbox(sink.port, { fromNameStyle: "agent" }),
      outbound({
        id: "msg_3",
        text: "山田様\n\nお問い合わせありがとうございます。",
        author: { name: "田中 愛子" },
        conversation: { id: "c2", number: 77, subject: "商品が届きません", threadKey: null, replyToken: "tok77aaaa" },
      }),
    );
    const mail = (await sink.waitFor(before + 1))[before]!;
    const head = mail.raw.toString("latin1").split("\r\n\r\n")[0]!;
    expect(head).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/m);
    expect(head).toMatch(/^From: =\?UTF-8\?[BQ]\?.*<support@acme\.example>/m);
    expect(mail.parsed.subject).toBe("[#77] 商品が届きません");
    expect(mail.parsed.from?.value[0]?.name).toBe("田中 愛子");
    expect(mail.parsed.text).toContain("お問い合わせありがとうございます。");
  });

  it("maps a 4xx reply to RetryableSendError and a 5xx reply to PermanentSendError", async () => {
    sink.rejectWith(451, "4.3.0 try later");
    await expect(sendEmail(inbox(sink.port), outbound({ id: "msg_4" }))).rejects.toBeInstanceOf(RetryableSendError);
    sink.rejectWith(554, "5.7.1 rejected as spam");
    const err = await sendEmail(inbox(sink.port), outbound({ id: "msg_5" })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PermanentSendError);
    expect((err as PermanentSendError).code).toBe("554");
    sink.rejectWith(null);
  });

  it("treats connection refused as retryable and a missing SMTP config as permanent", async () => {
    const closed = await startSmtpSink();
    await closed.stop();
    await expect(sendEmail(inbox(closed.port), outbound({ id: "msg_6" }))).rejects.toBeInstanceOf(RetryableSendError);
    await expect(sendEmail(emailInbox("in2", { address: "support@acme.example" }), outbound())).rejects.toBeInstanceOf(PermanentSendError);
  });
});
