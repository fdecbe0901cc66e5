import nodemailer from "nodemailer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";

/** Issue 16, item 2: a third party forwarding a customer's ticket mail gets a conversation of their own. */
const INBOX = "support@acme.example";
const run = Date.now().toString(36);
let server: TestServer;
let inboxId: string;

beforeAll(async () => {
  server = await startTestServer({ ui: false });
  inboxId = await server.createInbox("email", "Acme Support", { address: INBOX, smtp: { host: "127.0.0.1", port: 9, secure: false } });
});
afterAll(async () => {
  await server?.stop();
});

async function deliver(lines: string[], rcpt = INBOX, from = "sender@example.net") {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: server.smtpPort(), secure: false, ignoreTLS: true });
  await transport.sendMail({ envelope: { from, to: [rcpt] }, raw: `${lines.join("\r\n")}\r\n` }).finally(() => transport.close());
  for (;;) {
    if ((await server.ctx.db.inboundEvent.count({ where: { inboxId, status: "pending" } })) === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
}

const conversationOf = (providerMessageId: string) =>
  server.ctx.db.message
    .findFirstOrThrow({
      where: { inboxId, providerMessageId },
      select: {
        conversation: {
          select: {
            id: true,
            number: true,
            replyToken: true,
            relatedToId: true,
            contact: { select: { identities: { select: { address: true } } } },
          },
        },
      },
    })
    .then((m) => m.conversation);

const participantsOf = async (conversationId: string) =>
  (
    await server.ctx.db.conversationParticipant.findMany({ where: { conversationId }, select: { identity: { select: { address: true } } } })
  ).map((p) => p.identity.address);

describe("forwards by a third party", () => {
  let ticket: Awaited<ReturnType<typeof conversationOf>>;

  beforeAll(async () => {
    await deliver([
      "From: Jane Doe <jane@customer.example>",
      `To: ${INBOX}`,
      "Subject: Invoice is wrong",
      `Message-ID: <orig-${run}@customer.example>`,
      "",
      "The amount on invoice 42 is wrong.",
    ]);
    ticket = await conversationOf(`orig-${run}@customer.example`);
  });

  it("a `Fwd: … [#n]` from an account manager elsewhere opens their own conversation, related to the ticket", async () => {
    await deliver([
      "From: Alex Manager <alex@partner.example>",
      `To: ${INBOX}`,
      `Subject: Fwd: Re: [#${ticket.number}] Invoice is wrong`,
      `Message-ID: <fwd-${run}@partner.example>`,
      "",
      "Can you look at this for our client?",
      "",
      "---------- Forwarded message ---------",
      "From: Jane Doe <jane@customer.example>",
      "Date: Tue, 1 Dec 2026 10:00:00 +0900",
      `Subject: Re: [#${ticket.number}] Invoice is wrong`,
      `To: ${INBOX}`,
      "",
      "The amount on invoice 42 is wrong.",
    ]);
    const forwarded = await conversationOf(`fwd-${run}@partner.example`);
    expect(forwarded.id).not.toBe(ticket.id);
    expect(forwarded.relatedToId).toBe(ticket.id);
    expect(forwarded.contact.identities.map((i) => i.address)).toEqual(["alex@partner.example"]);
    expect(await participantsOf(ticket.id)).not.toContain("alex@partner.example");
    expect(await server.ctx.db.message.count({ where: { conversationId: ticket.id } })).toBe(1);
    // Both ways: the ticket lists the related conversation.
    const related = await server.ctx.db.conversation.findUniqueOrThrow({
      where: { id: ticket.id },
      select: { related: { select: { id: true } } },
    });
    expect(related.related.map((r) => r.id)).toEqual([forwarded.id]);
  });

  it("a non-participant writing to the ticket's reply address does not join it either", async () => {
    await deliver(
      [
        "From: Sam Stranger <sam@elsewhere.example>",
        `To: support+r-${ticket.replyToken}@acme.example`,
        "Subject: Re: Invoice is wrong",
        `Message-ID: <tok-${run}@elsewhere.example>`,
        "",
        "I got this address from a colleague.",
      ],
      `support+r-${ticket.replyToken}@acme.example`,
    );
    const own = await conversationOf(`tok-${run}@elsewhere.example`);
    expect(own.id).not.toBe(ticket.id);
    expect(own.relatedToId).toBe(ticket.id);
    expect(await participantsOf(ticket.id)).not.toContain("sam@elsewhere.example");
  });

  it("the customer's own reply with the ticket number still joins the ticket", async () => {
    await deliver([
      "From: Jane Doe <jane@customer.example>",
      `To: ${INBOX}`,
      `Subject: Re: [#${ticket.number}] Invoice is wrong`,
      `Message-ID: <again-${run}@customer.example>`,
      "",
      "Any news?",
    ]);
    expect((await conversationOf(`again-${run}@customer.example`)).id).toBe(ticket.id);
  });
});
