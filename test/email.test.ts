import { readFileSync } from "node:fs";
import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink.ts";
import { startTestServer, type TestServer } from "./support/server.ts";

let server: TestServer;
let sink: SmtpSink;
let smtpPort: number;
let token: string;
let inboxId: string;

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer({ ui: false });
  smtpPort = server.smtpPort();
  token = await server.apiToken();
  inboxId = await server.createInbox("email", "Acme Support", {
    address: "support@acme.example",
    smtp: { host: "127.0.0.1", port: sink.port, secure: false, user: "relay-user", pass: "relay-secret-パス" },
    signature: "Acme Support — support@acme.example",
    fromNameStyle: "agent-via-inbox",
  });
});
afterAll(async () => {
  await server?.stop();
  await sink?.stop();
});

interface Mail {
  from: string;
  to?: string;
  subject: string;
  messageId: string;
  inReplyTo?: string;
  references?: string[];
  headers?: Record<string, string>;
  body?: string;
}

function rfc822(m: Mail): string {
  const lines = [
    `From: ${m.from}`,
    `To: ${m.to ?? "Acme Support <support@acme.example>"}`,
    `Subject: ${m.subject}`,
    `Message-ID: <${m.messageId}>`,
    `Date: ${new Date().toUTCString()}`,
    ...(m.inReplyTo ? [`In-Reply-To: <${m.inReplyTo}>`] : []),
    ...(m.references ? [`References: ${m.references.map((r) => `<${r}>`).join(" ")}`] : []),
    ...Object.entries(m.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: 8bit",
  ];
  return `${lines.join("\r\n")}\r\n\r\n${m.body ?? "Hello"}\r\n`;
}

async function eventually<T>(probe: () => Promise<T | null | undefined | false>): Promise<T> {
  for (;;) {
    const value = await probe();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Sends through our SMTP listener and waits until the stored raw message has been processed. */
async function deliver(raw: string | Buffer, rcpt: string[] = ["support@acme.example"], envelopeFrom = "sender@example.net") {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtpPort, secure: false, ignoreTLS: true });
  const info = await transport.sendMail({ envelope: { from: envelopeFrom, to: rcpt }, raw }).finally(() => transport.close());
  // Every raw event is stored before the 250, so none pending means this mail has been processed.
  await eventually(async () => (await server.ctx.db.inboundEvent.count({ where: { inboxId, status: "pending" } })) === 0);
  return info;
}

async function conversationOf(providerMessageId: string) {
  const m = await server.ctx.db.message.findFirst({
    where: { inboxId, providerMessageId },
    select: { conversation: { select: { id: true, number: true, status: true, replyToken: true, contactId: true } } },
  });
  return m?.conversation ?? null;
}

async function conversationCount() {
  return server.ctx.db.conversation.count({ where: { inboxId } });
}

describe("email channel end to end", () => {
  let ticket: { id: string; number: number; replyToken: string };
  let outboundId: string;
  let reopening: string;

  it("a new email opens a ticket with the sender as contact and CCs as participants", async () => {
    const info = await deliver(
      rfc822({
        from: "Jane Doe <jane@customer.example>",
        subject: "Cannot log in",
        messageId: "first-1@customer.example",
        headers: { Cc: "Bob Stone <bob@customer.example>" },
        body: "Since this morning my password is rejected.",
      }),
    );
    expect(info.response).toMatch(/^250/);
    const c = (await conversationOf("first-1@customer.example"))!;
    expect(c.status).toBe("open");
    ticket = c;
    const view = await server.api("GET", `/api/v1/conversations/${c.id}`, undefined, token);
    expect(view.status).toBe(200);
    expect(view.body.contact.identities.map((i: { address: string }) => i.address)).toEqual(["jane@customer.example"]);
    expect(view.body.conversation.participants).toContainEqual(expect.objectContaining({ role: "cc", address: "bob@customer.example" }));
    expect(view.body.messages.at(-1).text).toBe("Since this morning my password is rejected.");
  });

  it("rejects unknown recipients at the SMTP level", async () => {
    const transport = nodemailer.createTransport({ host: "127.0.0.1", port: smtpPort, secure: false, ignoreTLS: true });
    const raw = rfc822({ from: "x@example.net", to: "sales@acme.example", subject: "Hi", messageId: "nope-1@example.net" });
    await expect(transport.sendMail({ envelope: { from: "x@example.net", to: ["sales@acme.example"] }, raw })).rejects.toMatchObject({
      responseCode: 550,
    });
    transport.close();
  });

  it("an agent's reply goes out with threading headers, reply address, ticket subject, signature and CCs", async () => {
    const res = await server.api("POST", `/api/v1/conversations/${ticket.id}/messages`, { text: "I have unlocked your account." }, token);
    expect(res.status).toBe(202);
    const [mail] = await sink.waitFor(1);
    const p = mail!.parsed;
    expect(p.subject).toBe(`Re: [#${ticket.number}] Cannot log in`);
    expect(p.inReplyTo).toBe("<first-1@customer.example>");
    expect(p.replyTo?.value[0]?.address).toBe(`support+r-${ticket.replyToken}@acme.example`);
    expect(p.from?.value[0]?.address).toBe("support@acme.example");
    expect(p.from?.value[0]?.name).toMatch(/ via Acme Support$/);
    expect(mail!.envelope.to.sort()).toEqual(["bob@customer.example", "jane@customer.example"]);
    expect(p.text).toContain("I have unlocked your account.\n\n-- \nAcme Support — support@acme.example");
    expect(mail!.auth).toEqual({ username: "relay-user", password: "relay-secret-パス" });
    const row = await server.ctx.db.inbox.findUniqueOrThrow({ where: { id: inboxId } });
    expect(JSON.stringify(row)).not.toContain("relay-secret");
    outboundId = p.messageId!.replace(/^<|>$/g, "");
    const stored = await eventually(() =>
      server.ctx.db.message.findFirst({
        where: { inboxId, providerMessageId: outboundId, deliveryStatus: "sent" },
        select: { conversationId: true },
      }),
    );
    expect(stored.conversationId).toBe(ticket.id);
  });

  it("the customer's reply to that mail (In-Reply-To) lands on the same ticket", async () => {
    await deliver(
      rfc822({
        from: "Jane Doe <jane@customer.example>",
        to: `support+r-${ticket.replyToken}@acme.example`,
        subject: `Re: [#${ticket.number}] Cannot log in`,
        messageId: "reply-2@customer.example",
        inReplyTo: outboundId,
        references: ["first-1@customer.example", outboundId],
        body: `It works now, thanks!\r\n\r\nOn Mon, Acme Support wrote:\r\n> I have unlocked your account.`,
      }),
      [`support+r-${ticket.replyToken}@acme.example`],
    );
    expect((await conversationOf("reply-2@customer.example"))?.id).toBe(ticket.id);
    const m = await server.ctx.db.message.findFirst({
      where: { providerMessageId: "reply-2@customer.example" },
      select: { text: true, meta: true },
    });
    expect(m?.text).toBe("It works now, thanks!");
    expect((m!.meta as { quoted?: string }).quoted).toContain("> I have unlocked your account.");
  });

  it("an Outlook reply without References but with [#n] in the subject threads by ticket number", async () => {
    await deliver(
      rfc822({
        from: "Jane Doe <jane@customer.example>",
        subject: `RE: [#${ticket.number}] Cannot log in`,
        messageId: "outlook-3@customer.example",
      }),
    );
    expect((await conversationOf("outlook-3@customer.example"))?.id).toBe(ticket.id);
  });

  it("a reply to the per-conversation address threads by its token", async () => {
    await deliver(
      rfc822({
        from: "Bob Stone <bob@customer.example>",
        to: `support+r-${ticket.replyToken}@acme.example`,
        subject: "one more thing",
        messageId: "token-4@customer.example",
      }),
      [`support+r-${ticket.replyToken}@acme.example`],
    );
    expect((await conversationOf("token-4@customer.example"))?.id).toBe(ticket.id);
  });

  it("a stranger replying to a newsletter with the same subject gets their own ticket", async () => {
    await deliver(rfc822({ from: "Kim <kim@one.example>", subject: "Re: Spring newsletter", messageId: "nl-kim@one.example" }));
    await deliver(rfc822({ from: "Lee <lee@two.example>", subject: "Re: Spring newsletter", messageId: "nl-lee@two.example" }));
    const kim = await conversationOf("nl-kim@one.example");
    const lee = await conversationOf("nl-lee@two.example");
    expect(kim && lee && kim.id !== lee.id).toBe(true);
  });

  it("a reply reopens a resolved ticket, an auto-reply does not", async () => {
    const resolved = await server.api("PATCH", `/api/v1/conversations/${ticket.id}`, { status: "resolved" }, token);
    expect(resolved.status).toBe(200);
    await deliver(
      rfc822({
        from: "Jane Doe <jane@customer.example>",
        subject: `Out of office: [#${ticket.number}] Cannot log in`,
        messageId: "ooo-5@customer.example",
        inReplyTo: outboundId,
        headers: { "Auto-Submitted": "auto-replied", "X-Autoreply": "yes" },
        body: "I am away until Monday.",
      }),
    );
    const afterAuto = await conversationOf("ooo-5@customer.example");
    expect(afterAuto).toMatchObject({ id: ticket.id, status: "resolved" });
    const before = await conversationCount();
    reopening = rfc822({
      from: "Jane Doe <jane@customer.example>",
      subject: `Re: [#${ticket.number}] Cannot log in`,
      messageId: "reopen-6@customer.example",
      inReplyTo: outboundId,
      body: "Sorry, it broke again.",
    });
    await deliver(reopening);
    expect(await conversationOf("reopen-6@customer.example")).toMatchObject({ id: ticket.id, status: "open" });
    expect(await conversationCount()).toBe(before);
  });

  it("a retried delivery of the same message changes nothing", async () => {
    const before = await server.ctx.db.message.count({ where: { conversationId: ticket.id } });
    // A relay's retry sends the very same bytes.
    await deliver(reopening);
    expect(await server.ctx.db.message.count({ where: { conversationId: ticket.id } })).toBe(before);
  });

  it("a bounce marks the outbound message failed and adds no message", async () => {
    const before = await server.ctx.db.message.count({ where: { inboxId } });
    const dsn = [
      "From: Mail Delivery System <MAILER-DAEMON@mx.customer.example>",
      `To: support+r-${ticket.replyToken}@acme.example`,
      "Subject: Undelivered Mail Returned to Sender",
      "Message-ID: <dsn-7@mx.customer.example>",
      "Auto-Submitted: auto-replied",
      "MIME-Version: 1.0",
      'Content-Type: multipart/report; report-type=delivery-status; boundary="B"',
      "",
      "--B",
      "Content-Type: text/plain",
      "",
      "Your message could not be delivered.",
      "--B",
      "Content-Type: message/delivery-status",
      "",
      "Reporting-MTA: dns; mx.customer.example",
      "",
      "Final-Recipient: rfc822; jane@customer.example",
      "Action: failed",
      "Status: 5.2.2",
      "Diagnostic-Code: smtp; 552 5.2.2 Mailbox full",
      "--B",
      "Content-Type: text/rfc822-headers",
      "",
      `Message-ID: <${outboundId}>`,
      `Subject: Re: [#${ticket.number}] Cannot log in`,
      "--B--",
      "",
    ].join("\r\n");
    await deliver(dsn, [`support+r-${ticket.replyToken}@acme.example`], "");
    const failed = await eventually(() =>
      server.ctx.db.message.findFirst({
        where: { inboxId, providerMessageId: outboundId, deliveryStatus: "failed" },
        select: { deliveryError: true },
      }),
    );
    expect(failed.deliveryError).toBe("status 5.2.2: 552 5.2.2 Mailbox full");
    expect(await server.ctx.db.message.count({ where: { inboxId } })).toBe(before);
  });

  it("a colleague's forward opens a ticket for the original sender", async () => {
    await deliver(readFileSync(new URL("../integrations/email/fixtures/forward-gmail.eml", import.meta.url)));
    const c = (await conversationOf("CAFWD111@mail.gmail.example"))!;
    const view = await server.api("GET", `/api/v1/conversations/${c.id}`, undefined, token);
    expect(view.body.contact.identities.map((i: { address: string }) => i.address)).toEqual(["carla@customer.example"]);
    expect(view.body.messages.at(-1).text).toContain("Hello Sam, the lamp arrived broken.");
    const sent = sink.messages.length;
    await server.api("POST", `/api/v1/conversations/${c.id}/messages`, { text: "Sorry to hear that, a replacement is on its way." }, token);
    const mail = (await sink.waitFor(sent + 1))[sent]!;
    expect(mail.envelope.to).toEqual(["carla@customer.example"]);
    expect(mail.parsed.subject).toBe(`Re: [#${c.number}] Broken product on delivery`);
  });

  it("inline images are served from our storage, tracking pixels are gone, attachments are kept", async () => {
    const raw = readFileSync(new URL("../integrations/email/fixtures/apple-mail-inline-image.eml", import.meta.url));
    await deliver(raw);
    const c = (await conversationOf("5B1E2C44-9F0A-4C1D-8E77-3AA1D2E0C9F1@mac.example"))!;
    const view = await server.api("GET", `/api/v1/conversations/${c.id}`, undefined, token);
    const m = view.body.messages.at(-1) as { html: string; attachments: { id: string; filename: string }[] };
    expect(m.attachments.map((a) => a.filename).sort()).toEqual(["empty.txt", "screenshot.png", "請求書.pdf"]);
    const screenshot = m.attachments.find((a) => a.filename === "screenshot.png")!;
    expect(m.html).toContain(`<img src="/attachments/${screenshot.id}" alt="screenshot" />`);
    expect(m.html).not.toMatch(/cid:|tracker\.example/);
    const image = await fetch(`${server.url}/attachments/${screenshot.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(image.status).toBe(200);
    expect(
      Buffer.from(await image.arrayBuffer())
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
  });

  it("Japanese mail in ISO-2022-JP keeps its text, and a Japanese reply reaches the sink intact", async () => {
    const jis = Buffer.from("1b244224332473244b2441244f1b2842", "hex"); // こんにちは in ISO-2022-JP
    const raw = Buffer.concat([
      Buffer.from(
        [
          "From: =?ISO-2022-JP?B?GyRCOzNFRBsoQg==?= <yamada@example.jp>",
          "To: support@acme.example",
          "Subject: =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=",
          "Message-ID: <ja-8@example.jp>",
          "MIME-Version: 1.0",
          "Content-Type: text/plain; charset=ISO-2022-JP",
          "Content-Transfer-Encoding: 7bit",
          "",
          "",
        ].join("\r\n"),
      ),
      jis,
      Buffer.from("\r\n"),
    ]);
    await deliver(raw);
    const c = (await conversationOf("ja-8@example.jp"))!;
    const view = await server.api("GET", `/api/v1/conversations/${c.id}`, undefined, token);
    expect(view.body.conversation.subject).toBe("こんにちは");
    expect(view.body.messages.at(-1).text).toBe("こんにちは");
    expect(view.body.contact.name).toBe("山田");
    const sent = sink.messages.length;
    await server.api("POST", `/api/v1/conversations/${c.id}/messages`, { text: "お問い合わせありがとうございます。" }, token);
    const mail = (await sink.waitFor(sent + 1))[sent]!;
    expect(mail.parsed.subject).toBe(`Re: [#${c.number}] こんにちは`);
    expect(mail.parsed.text).toContain("お問い合わせありがとうございます。");
  });
});

describe("accepted mail is never lost (issue 17, finding 5)", () => {
  const reused = (from: string, body: string) => rfc822({ from, subject: "Order 1234", messageId: "reused-7@mailer.example", body });
  const stored = () =>
    server.ctx.db.message.findMany({
      where: { inboxId, providerMessageId: { startsWith: "reused-7@mailer.example" } },
      orderBy: { createdAt: "asc" },
      select: { text: true, providerMessageId: true, meta: true },
    });

  it("stores a second, different mail reusing a Message-ID as a new message; a retry of either changes nothing", async () => {
    const first = reused("Ann <ann@customer.example>", "Where is my order?");
    const second = reused("Ben <ben@customer.example>", "Please cancel my order.");
    expect((await deliver(first)).response).toMatch(/^250/);
    expect((await deliver(second)).response).toMatch(/^250/);
    await deliver(first);
    await deliver(second);
    const rows = await stored();
    expect(rows.map((r) => r.text)).toEqual(["Where is my order?", "Please cancel my order."]);
    expect(rows[0]!.providerMessageId).toBe("reused-7@mailer.example");
    expect(rows[1]!.providerMessageId).toMatch(/^reused-7@mailer\.example#[0-9a-f]{16}$/);
    // The original Message-ID stays in meta for threading.
    expect(rows.map((r) => (r.meta as { messageId: string }).messageId)).toEqual(["reused-7@mailer.example", "reused-7@mailer.example"]);
  });

  it("stores both of two different mails reusing a Message-ID that are ingested at once", async () => {
    // Both find the id free, so the second insert hits the unique key: it must take the derived id, not count as a retry.
    const mail = (text: string, contentHash: string) =>
      ingestInboundMessage(server.ctx, {
        inboxId,
        message: { providerMessageId: "race-9@mailer.example", contentHash, from: { kind: "email", address: "cy@customer.example" }, text },
      });
    const results = await Promise.all([mail("one", "a".repeat(64)), mail("two", "b".repeat(64))]);
    expect(results.map((r) => r.duplicate)).toEqual([false, false]);
    const rows = await server.ctx.db.message.findMany({
      where: { inboxId, providerMessageId: { startsWith: "race-9@mailer.example" } },
      select: { text: true },
    });
    expect(rows.map((r) => r.text).sort()).toEqual(["one", "two"]);
  });

  it("stores a mail with NUL bytes in its body, subject and sender name", async () => {
    const info = await deliver(
      rfc822({
        from: "Na\u0000o <nao@customer.example>",
        subject: "Bro\u0000ken",
        messageId: "nul-8@customer.example",
        body: "Hel\u0000lo",
      }),
    );
    expect(info.response).toMatch(/^250/);
    const message = await server.ctx.db.message.findFirstOrThrow({
      where: { inboxId, providerMessageId: "nul-8@customer.example" },
      select: { text: true, conversation: { select: { subject: true } }, contact: { select: { name: true } } },
    });
    expect(message).toEqual({ text: "Hello", conversation: { subject: "Broken" }, contact: { name: "Nao" } });
    expect(await server.ctx.db.inboundEvent.count({ where: { inboxId, status: { not: "done" } } })).toBe(0);
  });
});
