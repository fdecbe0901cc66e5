import { describe, expect, it } from "vitest";
import { parseEmail } from "./parse.ts";

const INBOX = "support@acme.example";
const mail = (headers: string, body = "Hello") =>
  Buffer.from(
    `From: Someone <someone@example.net>\r\nTo: support@acme.example\r\nSubject: Hi\r\nMessage-ID: <m1@example.net>\r\n${headers}\r\n${body}\r\n`,
  );

async function reason(headers: string, from?: string) {
  const raw = from ? Buffer.from(mail(headers).toString().replace("Someone <someone@example.net>", from)) : mail(headers);
  const r = await parseEmail(raw, INBOX);
  if (r.kind !== "message") throw new Error("expected a message");
  return r.message.automated ? r.message.meta?.automatedReason : null;
}

describe("automated mail detection", () => {
  it.each([
    ["Auto-Submitted: auto-generated\r\n", "auto-submitted: auto-generated"],
    ["Auto-Submitted: auto-replied; owner-email=x@y\r\n", "auto-submitted: auto-replied; owner-email=x@y"],
    ["X-Autoreply: yes\r\n", "x-autoreply"],
    ["X-Autorespond: Out of office\r\n", "x-autorespond"],
    ["Precedence: bulk\r\n", "precedence: bulk"],
    ["Precedence: junk\r\n", "precedence: junk"],
    ["Precedence: list\r\n", "precedence: list"],
  ])("%j is automated", async (headers, expected) => {
    expect(await reason(headers)).toBe(expected);
  });

  it.each(["Auto-Submitted: no\r\n", "Precedence: first-class\r\n", ""])("%j is a person's mail", async (headers) => {
    expect(await reason(headers)).toBeNull();
  });

  it.each([
    ["X-Auto-Response-Suppress: All\r\n", "x-auto-response-suppress: all"],
    ["X-Apple-Action: VACATION\r\n", "x-apple-action: vacation"],
  ])("%j is an auto-reply (Exchange, iCloud)", async (headers, expected) => {
    expect(await reason(headers)).toBe(expected);
  });

  it.each(["Automatic reply: Hi", "Out of Office: Hi", "自動応答: お問い合わせ", "【不在通知】Re: 見積", "Réponse automatique : Hi"])(
    "subject %j is an auto-reply",
    async (subject) => {
      const r = await parseEmail(
        Buffer.from(
          mail("")
            .toString()
            .replace("Subject: Hi", `Subject: =?UTF-8?B?${Buffer.from(subject).toString("base64")}?=`),
        ),
        INBOX,
      );
      expect(r).toMatchObject({ kind: "message", message: { automated: true, meta: { automatedReason: "auto-reply subject" } } });
    },
  );

  it("an RFC 3834 auto-reply from the null sender is an auto-reply, not a bounce", async () => {
    const r = await parseEmail(
      Buffer.from(`Return-Path: <>\r\n${mail("Auto-Submitted: auto-replied\r\nIn-Reply-To: <sb.x@acme.example>\r\n")}`),
      INBOX,
    );
    expect(r).toMatchObject({ kind: "message", message: { automated: true } });
  });

  it("reads a mailer-daemon bounce as a bounce although it is also marked Auto-Submitted and Precedence (Exim)", async () => {
    const raw = Buffer.from(
      "Return-Path: <>\r\nFrom: Mail Delivery System <Mailer-Daemon@mx.example.net>\r\nTo: support@acme.example\r\nSubject: Mail delivery failed: returning message to sender\r\n" +
        "Auto-Submitted: auto-replied\r\nPrecedence: bulk\r\nMessage-ID: <exim-1@mx.example.net>\r\n\r\n" +
        "This message was created automatically by mail delivery software.\r\n\r\n  gone@example.net\r\n    Unrouteable address\r\n\r\n" +
        "------ This is a copy of the message, including all the headers. ------\r\n\r\nMessage-Id: <sb.q@acme.example>\r\nSubject: Hi\r\n\r\nbody\r\n",
    );
    expect(await parseEmail(raw, INBOX)).toMatchObject({
      kind: "bounce",
      bounce: { originalMessageId: "sb.q@acme.example", failed: true, hard: true },
    });
  });

  it("reads a non-DSN warning as a delay, not a failure", async () => {
    const raw = Buffer.from(
      "From: Mail Delivery Subsystem <mailer-daemon@googlemail.example>\r\nTo: support@acme.example\r\nSubject: Delivery Status Notification (Delay)\r\nMessage-ID: <w1@google.example>\r\n\r\n" +
        "This is an automatically generated Delivery Status Notification\r\n\r\nTHIS IS A WARNING MESSAGE ONLY.\r\n\r\nYOU DO NOT NEED TO RESEND YOUR MESSAGE.\r\n\r\n" +
        "----- Original message -----\r\n\r\nMessage-Id: <sb.w@acme.example>\r\nSubject: Hi\r\n",
    );
    expect(await parseEmail(raw, INBOX)).toMatchObject({
      kind: "bounce",
      bounce: { originalMessageId: "sb.w@acme.example", failed: false, delayed: true },
    });
  });

  it("a mailer-daemon notice that quotes nothing is still a bounce (a report, not customer mail)", async () => {
    const raw = mail("").toString().replace("Someone <someone@example.net>", "Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>");
    expect(await parseEmail(Buffer.from(raw), INBOX)).toMatchObject({ kind: "bounce", bounce: { originalMessageId: null } });
  });

  it("reads an ARF feedback report as a complaint by the original recipient", async () => {
    const raw = Buffer.from(
      [
        "From: abuse@mailbox.example",
        "To: support@acme.example",
        "Subject: FW: Hi",
        "Message-ID: <arf-1@mailbox.example>",
        'Content-Type: multipart/report; report-type=feedback-report; boundary="B"',
        "",
        "--B",
        "Content-Type: text/plain",
        "",
        "This is an email abuse report.",
        "--B",
        "Content-Type: message/feedback-report",
        "",
        "Feedback-Type: abuse",
        "User-Agent: SomeGenerator/1.0",
        "Version: 1",
        "Original-Rcpt-To: <Jane@Customer.Example>",
        "--B",
        "Content-Type: message/rfc822",
        "",
        "From: support@acme.example",
        "To: jane@customer.example",
        "Message-ID: <sb.arf@acme.example>",
        "Subject: Hi",
        "",
        "body",
        "--B--",
        "",
      ].join("\r\n"),
    );
    expect(await parseEmail(raw, INBOX)).toEqual({
      kind: "complaint",
      providerMessageId: "arf-1@mailbox.example",
      report: { feedbackType: "abuse", recipients: ["jane@customer.example"], originalMessageId: "sb.arf@acme.example" },
    });
  });

  it("reads a non-standard mailer-daemon bounce from the quoted original headers", async () => {
    const raw = Buffer.from(
      "From: MAILER-DAEMON@mx.example.net\r\nTo: support@acme.example\r\nSubject: failure notice\r\nMessage-ID: <qmail-1@mx.example.net>\r\n\r\n" +
        "Sorry, I couldn't deliver your message.\r\n<gone@example.net>: mailbox unavailable\r\n\r\n--- Below this line is a copy of the message.\r\n\r\n" +
        "Message-ID: <sb.abc@acme.example>\r\nSubject: [#3] Hi\r\n\r\nbody\r\n",
    );
    const r = await parseEmail(raw, INBOX);
    expect(r).toMatchObject({ kind: "bounce", bounce: { originalMessageId: "sb.abc@acme.example", failed: true } });
  });

  it("does not fail the original on a 'delayed' DSN", async () => {
    const raw = Buffer.from(
      [
        "From: MAILER-DAEMON@mx.example.net",
        "To: support@acme.example",
        "Subject: Delayed Mail (still being retried)",
        "Message-ID: <delay-1@mx.example.net>",
        'Content-Type: multipart/report; report-type=delivery-status; boundary="D"',
        "",
        "--D",
        "Content-Type: text/plain",
        "",
        "Still trying.",
        "--D",
        "Content-Type: message/delivery-status",
        "",
        "Final-Recipient: rfc822; slow@example.net",
        "Action: delayed",
        "Status: 4.4.1",
        "--D",
        "Content-Type: text/rfc822-headers",
        "",
        "Message-ID: <sb.def@acme.example>",
        "--D--",
        "",
      ].join("\r\n"),
    );
    const r = await parseEmail(raw, INBOX);
    expect(r).toMatchObject({ kind: "bounce", bounce: { originalMessageId: "sb.def@acme.example", failed: false } });
  });
});

describe("forwards", () => {
  const fwd = (from: string, body: string, extra = "") =>
    Buffer.from(`From: ${from}\r\nTo: support@acme.example\r\nSubject: Fwd: Lamp\r\nMessage-ID: <f@x.example>\r\n${extra}\r\n${body}\r\n`);

  it("stays with the forwarder when the forwarded block names no sender", async () => {
    const r = await parseEmail(
      fwd("Sam <sam@acme.example>", "FYI\r\n\r\n---------- Forwarded message ---------\r\nDate: today\r\n\r\nbroken"),
      INBOX,
    );
    expect(r.kind === "message" && r.message.from.address).toBe("sam@acme.example");
  });

  it("stays with the forwarder when the original came from the support address itself", async () => {
    const body = "---------- Forwarded message ---------\r\nFrom: Acme Support <support@acme.example>\r\nSubject: Lamp\r\n\r\nour reply";
    const r = await parseEmail(fwd("Carla <carla@customer.example>", body), INBOX);
    expect(r.kind === "message" && r.message.from.address).toBe("carla@customer.example");
  });

  it("recognises a Gmail forward that carries References", async () => {
    const body = "---------- Forwarded message ---------\r\nFrom: Dan <dan@oneil.example>\r\nSubject: Lamp\r\n\r\nbroken lamp";
    const r = await parseEmail(fwd("Sam <sam@acme.example>", body, "References: <orig@oneil.example>\r\n"), INBOX);
    expect(r.kind === "message" && r.message.from.address).toBe("dan@oneil.example");
  });
});
