import { randomBytes } from "node:crypto";
import nodemailer from "nodemailer";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, signIn } from "~/test/support/browser.ts";
import { ADMIN, startTestServer, type TestServer } from "~/test/support/server.ts";
import { startSmtpSink, type SmtpSink } from "~/test/support/smtp-sink.ts";

/**
 * What the mail classifier records, as an agent sees it (issue 16, decision 013), in English and
 * Japanese: an auto-reply badged "automated", a delay warning shown "delayed", a hard bounce failing
 * the reply with its reason and marking the address undeliverable (customer panel, customer page,
 * composer warning), an ARF complaint, and a third party's forward linked both ways. All of it
 * arrives over SMTP at the listener, replies leave through the outbox to a sink.
 */
let server: TestServer;
let sink: SmtpSink;
let browser: Browser;
let inboxId: string;
const SHOTS = process.env.E2E_SCREENSHOTS;
const run = randomBytes(3).toString("hex");
const INBOX = `support-${run}@e2e.example`;
const JANE = `jane-${run}@customer.example`;

beforeAll(async () => {
  sink = await startSmtpSink();
  server = await startTestServer();
  browser = await launchBrowser();
  inboxId = await server.createInbox("email", `Support ${run}`, {
    address: INBOX,
    smtp: { host: "127.0.0.1", port: sink.port, secure: false },
  });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sink?.stop();
});

/** Sends over SMTP to the listener and waits until the stored mail has been processed. */
async function deliver(lines: string[], from: string) {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: server.smtpPort(), secure: false, ignoreTLS: true });
  await transport.sendMail({ envelope: { from, to: [INBOX] }, raw: `${lines.join("\r\n")}\r\n` }).finally(() => transport.close());
  await expect
    .poll(() => server.ctx.db.inboundEvent.count({ where: { inboxId, status: "pending" } }), { timeout: 15_000, message: "mail processed" })
    .toBe(0);
}

const POLL = { timeout: 15_000, interval: 100 };

/** An agent's reply through the API; resolves to its Message-ID once the outbox sent it. */
async function reply(conversationId: string, text: string, token: string): Promise<string> {
  const sent = await server.api("POST", `/api/v1/conversations/${conversationId}/messages`, { text }, token);
  expect(sent.status).toBe(202);
  let id: string | null = null;
  await expect
    .poll(async () => {
      const m = await server.ctx.db.message.findFirst({
        where: { conversationId, text },
        select: { deliveryStatus: true, providerMessageId: true },
      });
      id = m?.providerMessageId ?? null;
      return m?.deliveryStatus;
    }, POLL)
    .toBe("sent");
  return id!;
}

/** A DSN (RFC 3464) about one of our replies, from a mail system with the null sender. */
function dsn(original: string, action: "failed" | "delayed", status: string, diagnostic: string): string[] {
  return [
    "From: Mail Delivery System <MAILER-DAEMON@mx.customer.example>",
    `To: ${INBOX}`,
    `Subject: ${action === "failed" ? "Undelivered Mail Returned to Sender" : "Delayed Mail (still being retried)"}`,
    `Message-ID: <dsn-${action}-${run}@mx.customer.example>`,
    "MIME-Version: 1.0",
    'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
    "",
    "--b1",
    "Content-Type: text/plain; charset=us-ascii",
    "",
    action === "failed" ? "Your message could not be delivered." : "Your message has been delayed and is still being retried.",
    "--b1",
    "Content-Type: message/delivery-status",
    "",
    "Reporting-MTA: dns; mx.customer.example",
    "",
    `Final-Recipient: rfc822; ${JANE}`,
    `Action: ${action}`,
    `Status: ${status}`,
    `Diagnostic-Code: smtp; ${diagnostic}`,
    "--b1",
    "Content-Type: text/rfc822-headers",
    "",
    `From: ${INBOX}`,
    `To: ${JANE}`,
    `Message-ID: <${original}>`,
    "--b1--",
  ];
}

describe("machine mail in the conversation view", () => {
  it("shows automated, delayed, failed with reason, undeliverable, complained and related-to, in both languages", async () => {
    const token = await server.apiToken();
    await deliver(
      [
        `From: Jane Doe <${JANE}>`,
        `To: ${INBOX}`,
        "Subject: Invoice is wrong",
        `Message-ID: <first-${run}@customer.example>`,
        "",
        "The amount is wrong.",
      ],
      JANE,
    );
    const ticket = await server.ctx.db.conversation.findFirstOrThrow({ where: { inboxId }, select: { id: true, number: true } });
    const bounced = await reply(ticket.id, "We corrected the invoice.", token);
    const slow = await reply(ticket.id, "Here is the new PDF.", token);
    await deliver(dsn(bounced, "failed", "5.1.1", "550 5.1.1 <jane> User unknown"), "");
    await deliver(dsn(slow, "delayed", "4.4.7", "421 4.4.7 Mailbox temporarily busy"), "");
    await deliver(
      [
        `From: Jane Doe <${JANE}>`,
        `To: ${INBOX}`,
        "Subject: Automatic reply: Invoice is wrong",
        `Message-ID: <ooo-${run}@customer.example>`,
        `In-Reply-To: <${slow}>`,
        "Auto-Submitted: auto-replied",
        "",
        "I am out of the office until Monday.",
      ],
      "",
    );
    await deliver(
      [
        "From: Feedback Loop <fbl@isp.example>",
        `To: ${INBOX}`,
        "Subject: Complaint about message",
        `Message-ID: <arf-${run}@isp.example>`,
        "MIME-Version: 1.0",
        'Content-Type: multipart/report; report-type=feedback-report; boundary="b2"',
        "",
        "--b2",
        "Content-Type: text/plain",
        "",
        "This is an email abuse report.",
        "--b2",
        "Content-Type: message/feedback-report",
        "",
        "Feedback-Type: abuse",
        "Version: 1",
        `Original-Rcpt-To: ${JANE}`,
        "--b2--",
      ],
      "fbl@isp.example",
    );
    await deliver(
      [
        "From: Alex Manager <alex@partner.example>",
        `To: ${INBOX}`,
        `Subject: Fwd: Re: [#${ticket.number}] Invoice is wrong`,
        `Message-ID: <fwd-${run}@partner.example>`,
        "",
        "Can you look at this for our client?",
      ],
      "alex@partner.example",
    );
    const forward = await server.ctx.db.conversation.findFirstOrThrow({
      where: { relatedToId: ticket.id },
      select: { id: true, number: true },
    });

    for (const [locale, l] of [
      [
        "en-US",
        {
          automated: "Automated",
          delayed: "Delayed",
          undeliverable: "undeliverable",
          complained: "complained",
          warn: "bounced as undeliverable",
          forwarded: "Forwarded by a third party in",
          related: "Related to",
        },
      ],
      [
        "ja-JP",
        {
          automated: "自動送信",
          delayed: "遅延",
          undeliverable: "配信不能",
          complained: "迷惑メール報告あり",
          warn: "配信不能として戻ってきました",
          forwarded: "第三者による転送",
          related: "関連チケット",
        },
      ],
    ] as const) {
      await server.ctx.db.user.update({ where: { email: ADMIN.email }, data: { locale: locale.slice(0, 2) } });
      const tracked = await openPage(browser, { locale });
      const { page } = tracked;
      await signIn(page, server.url, ADMIN.email, ADMIN.password);
      await page.goto(`${server.url}/conversations/${ticket.id}`);

      const auto = page.locator("article.msg.automated", { hasText: "I am out of the office" });
      await auto.locator(".badge.automated", { hasText: l.automated }).waitFor();
      const failed = page.locator("article.msg.outbound", { hasText: "We corrected the invoice." });
      expect(await failed.locator("[data-delivery]").getAttribute("data-delivery")).toBe("failed");
      expect(await failed.locator(".delivery-error").textContent()).toContain("User unknown");
      const delayed = page.locator("article.msg.outbound", { hasText: "Here is the new PDF." });
      expect(await delayed.locator("[data-delivery]").textContent()).toBe(l.delayed);
      expect(await delayed.locator(".delivery-note.delayed").textContent()).toContain("Mailbox temporarily busy");
      expect(await delayed.locator(".delivery-error").count()).toBe(0);

      const panel = page.locator(".customer-panel");
      await panel.locator(".badge.undeliverable", { hasText: l.undeliverable }).waitFor();
      await panel.locator(".badge.complained", { hasText: l.complained }).waitFor();
      expect(await page.locator(".recipient-notice").textContent()).toContain(l.warn);
      const forwardedIn = page.locator(".forwarded-in");
      expect(await forwardedIn.textContent()).toContain(`${l.forwarded} #${forward.number}`);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/machine-mail-ticket-${locale}.png` });

      await forwardedIn.getByRole("link", { name: `#${forward.number}` }).click();
      await page.waitForURL(`**/conversations/${forward.id}`);
      const relatedTo = page.locator(".related-to");
      expect(await relatedTo.textContent()).toContain(`${l.related} #${ticket.number}`);
      await relatedTo.getByRole("link", { name: `#${ticket.number}` }).click();
      await page.waitForURL(`**/conversations/${ticket.id}`);

      const contact = await server.ctx.db.contactIdentity.findFirstOrThrow({ where: { address: JANE }, select: { contactId: true } });
      await page.goto(`${server.url}/contacts/${contact.contactId}`);
      const badge = page.locator(".identity-list .badge.undeliverable", { hasText: l.undeliverable });
      await badge.waitFor();
      expect(await badge.getAttribute("title")).toContain("User unknown");
      if (SHOTS) await page.screenshot({ path: `${SHOTS}/machine-mail-contact-${locale}.png` });
      expect(tracked.errors, tracked.errors.join("\n")).toEqual([]);
      await tracked.context.close();
    }
  });
});
