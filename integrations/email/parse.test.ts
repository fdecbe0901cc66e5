import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseEmail, type ParsedEmail } from "./parse.ts";

const INBOX = "support@acme.example";
const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
async function message(name: string) {
  const parsed = await parseEmail(fixture(name), INBOX);
  if (parsed.kind !== "message") throw new Error(`${name} parsed as ${parsed.kind}`);
  return parsed.message;
}

describe("parseEmail on the fixture corpus", () => {
  it("Gmail: new message with sender name, CC participant and both bodies", async () => {
    const m = await message("gmail-new.eml");
    expect(m.providerMessageId).toBe("CAF3xK9pQ2=Nm7vZr4Jd+Lw0@mail.gmail.example");
    expect(m.from).toEqual({ kind: "email", address: "jane.doe@gmail.example", displayName: "Jane Doe" });
    expect(m.participants).toEqual([{ role: "cc", address: { kind: "email", address: "bob@partner.example", displayName: "Bob Stone" } }]);
    expect(m.text).toContain("Can you help? — Jane");
    expect(m.html).toContain('<div dir="ltr">');
    expect(m.threading).toEqual({ normalizedSubject: "cannot log in to my account" });
    expect(m.automated).toBeUndefined();
    expect(m.sentAt?.toISOString()).toBe("2026-11-17T17:11:58.000Z");
  });

  it("Gmail reply: references, reply token, ticket number, quoted history folded", async () => {
    const m = await message("gmail-reply.eml");
    expect(m.threading).toEqual({
      references: ["CAF3xK9pQ2=Nm7vZr4Jd+Lw0@mail.gmail.example", "lq8d1.a91f0c2e@acme.example"],
      replyToken: "k3j9x2m7q1",
      ticketNumber: 1042,
      normalizedSubject: "cannot log in to my account",
    });
    expect(m.text).toBe("That worked, thank you!");
    expect(m.meta?.quoted).toMatch(/^On Tue, 17 Nov 2026[\s\S]*> I have unlocked your account\./);
    expect(m.participants).toEqual([]);
  });

  it("Outlook reply without References: AW: prefix, [#42], Thread-Index, ISO-8859-1", async () => {
    const m = await message("outlook-reply.eml");
    expect(m.threading).toEqual({ ticketNumber: 42, normalizedSubject: "invoice question" });
    expect(m.from.displayName).toBe("Müller, Hans");
    expect(m.text).toBe("Hallo,\n\ndie Rechnung ist jetzt angekommen. Vielen Dank für die schnelle Hilfe.\n\nGrüße\nHans Müller");
    expect(m.meta?.quoted).toMatch(/^-----Original Message-----/);
    expect(m.meta?.threadIndex).toBe("AQHZ2k1bT0m5nVfX0kq8kD7l3mYw+A==");
    expect(m.html).toContain("Vielen Dank für die schnelle Hilfe.");
    expect(m.html).not.toContain("divRplyFwdMsg");
  });

  it("Apple Mail: inline cid image, UTF-8 encoded attachment name, zero-byte attachment, text from HTML", async () => {
    const m = await message("apple-mail-inline-image.eml");
    expect(m.text).toBe("Here is what I see:");
    expect(m.html).toContain('src="cid:F1C2A3B4-0001@mac.example"');
    const [image, pdf, empty] = m.attachments!;
    expect(image).toMatchObject({
      filename: "screenshot.png",
      contentType: "image/png",
      contentId: "F1C2A3B4-0001@mac.example",
      inline: true,
    });
    expect(image!.content.subarray(1, 4).toString()).toBe("PNG");
    expect(pdf).toMatchObject({ filename: "請求書.pdf", contentType: "application/pdf" });
    expect(pdf!.inline).toBeUndefined();
    expect(pdf!.content.toString()).toBe("%PDF-1.4\n% invoice\n");
    expect(empty).toMatchObject({ filename: "empty.txt", contentType: "text/plain" });
    expect(empty!.content.length).toBe(0);
  });

  const japanese = "いつもお世話になっております。\n注文番号 A-1234 の商品がまだ届いていません。\n確認をお願いできますでしょうか。";
  it.each([
    ["ja-iso-2022-jp.eml", "Re: [#77] 商品が届きません", "商品が届きません", 77],
    ["ja-shift-jis.eml", "【問い合わせ】商品が届きません", "【問い合わせ】商品が届きません", undefined],
    ["ja-euc-jp.eml", "転送: 件名のテスト", "件名のテスト", undefined],
  ])("Japanese %s: subject, sender name and body decoded", async (file, subject, normalized, ticket) => {
    const m = await message(file);
    expect(m.subject).toBe(subject);
    expect(m.from).toEqual({ kind: "email", address: "yamada@example.co.jp", displayName: "山田 太郎" });
    expect(m.text).toBe(japanese);
    expect(m.threading?.normalizedSubject).toBe(normalized);
    expect(m.threading?.ticketNumber).toBe(ticket);
  });

  it("Japanese Gmail attribution line is folded into meta.quoted", async () => {
    const m = await message("ja-iso-2022-jp.eml");
    expect(m.meta?.quoted).toMatch(/^2026年11月20日\(金\) 18:00 Acme Support/);
    expect(m.threading?.references).toEqual(["lq9.77@acme.example"]);
  });

  it.each([
    [
      "forward-gmail.eml",
      "carla@customer.example",
      "Carla Customer",
      "sam@acme.example",
      "broken product on delivery",
      "the lamp arrived broken",
    ],
    ["forward-apple.eml", "dan@oneil.example", "Dan O'Neil", "sam@acme.example", "quote request", "40 chairs"],
    ["forward-outlook-ja.eml", "ichiro.suzuki@kaisha.example.jp", "鈴木 一郎", "hanako@acme.example", "見積もりの件", "椅子40脚"],
  ])("forward %s opens the ticket for the original sender", async (file, address, name, forwarder, subject, body) => {
    const m = await message(file);
    expect(m.from).toEqual({ kind: "email", address, displayName: name });
    expect((m.meta!.forwardedBy as { address: string }).address).toBe(forwarder);
    expect(m.threading?.normalizedSubject).toBe(subject);
    expect(m.subject?.toLowerCase()).toBe(subject);
    expect(m.text).toContain(body);
    expect(m.meta?.quoted).toBeUndefined();
  });

  it("auto-reply is automated and still carries threading hints", async () => {
    const m = await message("auto-reply.eml");
    expect(m.automated).toBe(true);
    expect(m.meta?.automatedReason).toBe("auto-submitted: auto-replied");
    expect(m.threading?.replyToken).toBe("k3j9x2m7q1");
  });

  it("bulk newsletter is automated", async () => {
    const m = await message("newsletter-bulk.eml");
    expect(m.automated).toBe(true);
    expect(m.meta?.automatedReason).toBe("precedence: bulk");
  });

  it("DSN bounce yields the original Message-ID and the reason, not a message", async () => {
    const parsed: ParsedEmail = await parseEmail(fixture("bounce-dsn.eml"), INBOX);
    expect(parsed).toEqual({
      kind: "bounce",
      providerMessageId: "20261118190500.DSN1@mx.acme.example",
      bounce: {
        originalMessageId: "lq8d3.c55@acme.example",
        failed: true,
        delayed: false,
        delivered: false,
        hard: true,
        status: "5.1.1",
        reason: expect.stringMatching(/^status 5\.1\.1: 550 5\.1\.1 <nobody@nowhere\.example>: Recipient address rejected/),
        recipient: "nobody@nowhere.example",
      },
    });
  });

  it("header-stripping relay: no Message-ID gives a stable hash id, [#7] still threads", async () => {
    const a = await message("relay-stripped.eml");
    const b = await message("relay-stripped.eml");
    expect(a.providerMessageId).toMatch(/^sha256-[0-9a-f]{64}@switchboard\.invalid$/);
    expect(b.providerMessageId).toBe(a.providerMessageId);
    expect(a.threading).toEqual({ ticketNumber: 7, normalizedSubject: "order status" });
    expect(a.sentAt).toBeUndefined();
  });
});
