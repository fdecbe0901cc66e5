import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, startTestServer, type TestServer } from "./support/server.ts";
import { loadActor } from "~/server/domain/access.ts";
import { getConversation } from "~/server/domain/conversations/get-conversation.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";

// An email inbox in "capture" delivery (the demo's): a reply is rendered as the mail SMTP would carry
// and kept on the message as delivered, nothing leaves the machine; without SMTP the UI is warned.
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ ui: false });
});
afterAll(() => server?.stop());

async function conversationIn(inboxId: string, address: string) {
  const { conversationId } = await ingestInboundMessage(server.ctx, {
    inboxId,
    message: {
      providerMessageId: `<${address}-1@example.jp>`,
      from: { kind: "email", address, displayName: "山田 花子" },
      text: "返金について",
      subject: "返金",
    },
  });
  return conversationId;
}

describe("email capture delivery", () => {
  it("keeps the rendered mail of a reply on the message, marked delivered", async () => {
    const inbox = await server.createInbox("email", "Demo mail", { address: "support@capture.example", delivery: "capture" });
    const conversationId = await conversationIn(inbox, "yamada@example.jp");
    const token = await server.apiToken();
    const sent = await server.api("POST", `/api/v1/conversations/${conversationId}/messages`, { text: "返金を手配しました。" }, token);
    expect(sent.status).toBe(202);
    await expect
      .poll(async () => (await server.ctx.db.message.findFirst({ where: { conversationId, direction: "outbound" } }))?.deliveryStatus, {
        timeout: 20_000,
      })
      .toBe("delivered");
    const reply = await server.ctx.db.message.findFirstOrThrow({ where: { conversationId, direction: "outbound" } });
    const capture = (reply.meta as { capture: { raw: string; bytes: number } }).capture;
    expect(capture.raw).toMatch(/^To: =\?UTF-8\?[BQ]\?.+\?= <yamada@example\.jp>$/m);
    expect(capture.raw).toMatch(/^From: .*<support@capture\.example>$/m);
    expect(capture.raw).toMatch(/^Subject: .+/m);
    expect(capture.raw).toContain("X-Switchboard-Ticket: ");
    expect(capture.bytes).toBeGreaterThan(200);
    expect(reply.deliveryError).toBeNull();
  });

  it("tells the conversation view whether replies can go out", async () => {
    const capture = await server.createInbox("email", "Demo", { address: "demo@capture.example", delivery: "capture" });
    const none = await server.createInbox("email", "No SMTP", { address: "nosmtp@capture.example" });
    const admin = (await loadActor(server.ctx, (await server.ctx.db.user.findUniqueOrThrow({ where: { email: ADMIN.email } })).id))!;
    for (const [inbox, expected] of [
      [capture, "capture"],
      [none, "unconfigured"],
    ] as const) {
      const id = await conversationIn(inbox, `${expected}@example.jp`);
      expect((await getConversation(server.ctx, admin, id)).conversation.inbox.outbound).toBe(expected);
    }
  });
});
