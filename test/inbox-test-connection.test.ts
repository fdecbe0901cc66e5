import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/server.ts";
import { startFakeTwilio, type FakeTwilio } from "./support/fake-twilio.ts";
import { startFakeSlack, type FakeSlack } from "./support/fake-slack.ts";
import { startSmtpSink, type SmtpSink } from "./support/smtp-sink.ts";
import { dovecotAvailable, startDovecot, type Dovecot } from "./support/dovecot.ts";
import { createUser } from "~/server/domain/admin/create-user.ts";

// POST /api/v1/inboxes/:id/test (issue 15): each channel signs in to its provider with the stored
// config through its adapter's testConnection, sends nothing, and the attempt is audited.
let server: TestServer;
let twilio: FakeTwilio;
let slack: FakeSlack;
let sink: SmtpSink;
let admin: string;

beforeAll(async () => {
  [twilio, slack, sink] = await Promise.all([startFakeTwilio(), startFakeSlack(), startSmtpSink()]);
  server = await startTestServer({ ui: false });
  admin = await server.apiToken();
});

afterAll(async () => {
  await server?.stop();
  await Promise.all([twilio?.close(), slack?.close(), sink?.stop()]);
});

const test = (inboxId: string, token = admin) => server.api("POST", `/api/v1/inboxes/${inboxId}/test`, undefined, token);

describe("inbox connection test", () => {
  it("Twilio: fetches the account; a wrong token fails until the secret is replaced", async () => {
    const id = await server.createInbox("twilio_sms", "SMS", {
      accountSid: twilio.accountSid,
      authToken: "not-the-token",
      phoneNumber: "+815012345678",
      apiBaseUrl: twilio.url,
    });
    const failed = await test(id);
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({ ok: false });
    expect(failed.body.message).toContain("401");
    const patched = await server.api(
      "PATCH",
      `/api/v1/inboxes/${id}`,
      { config: { accountSid: twilio.accountSid, authToken: twilio.authToken, phoneNumber: "+815012345678", apiBaseUrl: twilio.url } },
      admin,
    );
    expect(patched.status).toBe(200);
    const ok = await test(id);
    expect(ok.body).toEqual({ ok: true, message: expect.stringContaining("Fake Twilio account") });
    expect(twilio.messages).toHaveLength(0);
    const audit = await server.ctx.db.auditLog.findMany({
      where: { targetId: id, action: "inbox.connection_tested" },
      orderBy: { at: "asc" },
    });
    expect(audit.map((a) => (a.after as { ok: boolean }).ok)).toEqual([false, true]);
    expect(JSON.stringify(audit)).not.toContain(twilio.authToken);
  });

  it("Slack: auth.test with the bot token", async () => {
    const id = await server.createInbox("slack", "Slack", {
      signingSecret: "s".repeat(32),
      botToken: slack.botToken,
      apiUrl: slack.apiUrl,
    });
    const res = await test(id);
    expect(res.body).toEqual({ ok: true, message: expect.stringContaining("signed in to Fake") });
    expect(slack.callsTo("auth.test").length).toBeGreaterThan(0);
    slack.failNext("auth.test", "invalid_auth");
    expect((await test(id)).body).toEqual({ ok: false, message: "Slack: invalid_auth" });
  });

  it("Email: SMTP verify signs in to the relay and sends nothing", async () => {
    const id = await server.createInbox("email", "Mail", {
      address: "support@test.example",
      smtp: { host: "127.0.0.1", port: sink.port, secure: false, user: "relay", pass: "relay-pass" },
    });
    const res = await test(id);
    expect(res.body).toEqual({ ok: true, message: `SMTP 127.0.0.1:${sink.port}: connected and signed in` });
    expect(sink.messages).toHaveLength(0);
  });

  it.skipIf(!dovecotAvailable("the IMAP connection test"))(
    "Email: IMAP signs in and opens the mailbox; a wrong password fails",
    async () => {
      const dovecot: Dovecot = await startDovecot();
      try {
        const imap = { host: dovecot.host, port: dovecot.port, secure: false, user: dovecot.user, pass: dovecot.pass, mailbox: "INBOX" };
        const id = await server.createInbox("email", "IMAP", { address: "imap@test.example", imap });
        expect((await test(id)).body).toEqual({ ok: true, message: expect.stringContaining("signed in, INBOX holds") });
        const wrong = await server.createInbox("email", "IMAP wrong", { address: "imap2@test.example", imap: { ...imap, pass: "wrong" } });
        expect((await test(wrong)).body).toMatchObject({
          ok: false,
          message: expect.stringContaining(`IMAP ${dovecot.host}:${dovecot.port}`),
        });
      } finally {
        await dovecot.stop();
      }
    },
  );

  it("refuses channels with nothing to connect to, unknown inboxes and non-admins", async () => {
    const chat = await server.createInbox("web_chat", "Chat", { allowedOrigins: ["https://shop.example"] });
    expect((await test(chat)).status).toBe(400);
    expect((await test("nope")).status).toBe(404);
    const agent = await createUser(server.ctx, "system", {
      email: "ag@test.example",
      name: "Ag",
      role: "agent",
      password: "agent-password-1",
    });
    expect((await test(chat, await server.apiToken(agent.id))).status).toBe(403);
  });
});
