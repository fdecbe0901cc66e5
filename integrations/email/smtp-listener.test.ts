import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import nodemailer from "nodemailer";
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { startSmtpListener, type SmtpListener } from "./smtp-listener.ts";
import { createMemoryHost, type MemoryHost } from "~/integrations/core/testing/memory-host.ts";
import { emailInbox } from "./testing/email-inbox.ts";

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const MAX = 64 * 1024;

let world: MemoryHost;
let listener: SmtpListener;

function deliver(raw: Buffer | string, to: string[], from = "sender@example.net") {
  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: listener.port, secure: false, ignoreTLS: true });
  return transport.sendMail({ envelope: { from, to }, raw }).finally(() => transport.close());
}

beforeEach(async () => {
  world = createMemoryHost({
    inboxes: [emailInbox("in-support", { address: "support@acme.example" }), emailInbox("in-sales", { address: "sales@acme.example" })],
  });
  listener = await startSmtpListener(world.host, { port: 0, host: "127.0.0.1", maxBytes: MAX });
});
afterEach(async () => {
  await listener.stop();
});

describe("SMTP listener", () => {
  it("binds a free port when asked for port 0", () => {
    expect(listener.port).toBeGreaterThan(0);
  });

  it("stores the raw message before answering 250, then ingests it", async () => {
    const info = await deliver(fixture("gmail-new.eml"), ["support@acme.example"]);
    expect(info.response).toMatch(/^250/);
    // The raw event existed by the time 250 was sent; processing may still be running.
    const [event] = [...world.rawEvents.values()];
    expect(event).toMatchObject({ inboxId: "in-support" });
    expect(event!.payload.toString()).toMatch(/^Delivered-To: support@acme\.example\r\n/);
    await world.until(() => event!.outcome);
    expect(event!.outcome).toEqual({ ok: true });
    expect(world.ingested).toHaveLength(1);
    expect(world.ingested[0]!.message.providerMessageId).toBe("CAF3xK9pQ2=Nm7vZr4Jd+Lw0@mail.gmail.example");
  });

  it("stores a different mail reusing a Message-ID, and the same bytes again only once (issue 17, finding 5)", async () => {
    const mail = (body: string) => `From: a@example.net\r\nMessage-ID: <same-1@example.net>\r\nSubject: Hi\r\n\r\n${body}\r\n`;
    for (const raw of [mail("first"), mail("first"), mail("second")]) {
      expect((await deliver(raw, ["support@acme.example"])).response).toMatch(/^250/);
    }
    expect(world.rawEvents.size).toBe(2);
    await world.until(() => world.ingested.length === 2);
    const [first, second] = world.ingested.map((i) => i.message);
    expect([first!.text, second!.text]).toEqual(["first", "second"]);
    expect(first!.contentHash).not.toBe(second!.contentHash);
  });

  it("rejects unknown recipients with 550 and accepts the reply address", async () => {
    await expect(deliver(fixture("gmail-new.eml"), ["nobody@acme.example"])).rejects.toMatchObject({ responseCode: 550 });
    const info = await deliver(fixture("gmail-new.eml"), ["nobody@acme.example", "support+r-Tok3nAbc@acme.example"]);
    expect(info.rejected).toEqual(["nobody@acme.example"]);
    await world.until(() => world.ingested.length === 1);
    expect(world.rawEvents.size).toBe(1);
  });

  it("files each mail of one connection only in its own inboxes, also after RSET", async () => {
    const socket = connect(listener.port, "127.0.0.1");
    onTestFinished(() => void socket.destroy());
    const replies = smtpReplies(socket);
    const say = async (line: string, expected: RegExp) => {
      socket.write(`${line}\r\n`);
      expect(await replies.next()).toMatch(expected);
    };
    const mail = async (to: string, id: string) => {
      await say("MAIL FROM:<relay@example.net>", /^250 /);
      await say(`RCPT TO:<${to}>`, /^250 /);
      await say("DATA", /^354 /);
      await say(`From: relay@example.net\r\nMessage-ID: <${id}@example.net>\r\nSubject: ${id}\r\n\r\n${id}\r\n.`, /^250 /);
    };
    expect(await replies.next()).toMatch(/^220 /);
    await say("EHLO relay.example.net", /^250/);
    await mail("sales@acme.example", "one");
    await mail("support@acme.example", "two");
    // A transaction abandoned with RSET leaves nothing behind for the next one.
    await say("MAIL FROM:<relay@example.net>", /^250 /);
    await say("RCPT TO:<support@acme.example>", /^250 /);
    await say("RSET", /^250 /);
    await mail("sales@acme.example", "three");
    await say("QUIT", /^221 /);
    const filed = [...world.rawEvents.values()].map((e) => `${/Message-ID: <(\w+)@/.exec(e.payload.toString())?.[1]} → ${e.inboxId}`);
    expect(filed.sort()).toEqual(["one → in-sales", "three → in-sales", "two → in-support"]);
  });

  it("accepts at most 100 recipients per message", async () => {
    const rcpt = Array.from({ length: 101 }, (_, i) => `support+t${i}@acme.example`);
    const info = await deliver(fixture("gmail-new.eml"), rcpt);
    expect(info.accepted).toHaveLength(100);
    expect(info.rejected).toEqual(["support+t100@acme.example"]);
  });

  it("recovers the reply token from the envelope when the token address is only a Bcc", async () => {
    const raw =
      "From: Jane <jane@example.net>\r\nTo: someone@example.net\r\nSubject: Hi\r\nMessage-ID: <bcc-1@example.net>\r\n\r\nHello\r\n";
    await deliver(raw, ["support+r-Tok3nAbc@acme.example"]);
    await world.until(() => world.ingested.length === 1);
    expect(world.ingested[0]!.message.threading?.replyToken).toBe("Tok3nAbc");
  });

  it("refuses oversized mail with 552, both declared and actual", async () => {
    const big = `From: a@example.net\r\nTo: support@acme.example\r\nSubject: big\r\n\r\n${"x".repeat(76).concat("\r\n").repeat(2000)}`;
    await expect(deliver(big, ["support@acme.example"])).rejects.toMatchObject({ responseCode: 552 });
    expect(world.rawEvents.size).toBe(0);
  });

  it("advertises SIZE and refuses an undeclared oversized message after DATA", async () => {
    const socket = connect(listener.port, "127.0.0.1");
    onTestFinished(() => void socket.destroy());
    const replies = smtpReplies(socket);
    expect(await replies.next()).toMatch(/^220 /);
    socket.write("EHLO test.example\r\n");
    expect(await replies.next()).toMatch(new RegExp(`^250[- ]SIZE ${MAX}\\r?$`, "m"));
    socket.write("MAIL FROM:<a@example.net>\r\n");
    expect(await replies.next()).toMatch(/^250 /);
    socket.write("RCPT TO:<support@acme.example>\r\n");
    expect(await replies.next()).toMatch(/^250 /);
    socket.write("DATA\r\n");
    expect(await replies.next()).toMatch(/^354 /);
    socket.write(`From: a@example.net\r\nSubject: big\r\n\r\n${"y".repeat(998).concat("\r\n").repeat(100)}.\r\n`);
    expect(await replies.next()).toMatch(/^552 /);
    socket.end("QUIT\r\n");
    expect(world.rawEvents.size).toBe(0);
  });

  it("stores one copy per inbox and ignores a retried delivery", async () => {
    await deliver(fixture("gmail-new.eml"), ["support@acme.example", "sales@acme.example"]);
    await world.until(() => world.ingested.length === 2);
    await deliver(fixture("gmail-new.eml"), ["support@acme.example"]);
    expect(world.rawEvents.size).toBe(2);
    expect(world.ingested.map((i) => i.inboxId).sort()).toEqual(["in-sales", "in-support"]);
  });

  it("applies a bounce to the original outbound message instead of ingesting it", async () => {
    await deliver(fixture("bounce-dsn.eml"), ["support+r-k3j9x2m7q1@acme.example"], "");
    await world.until(() => world.bounces.length === 1);
    expect(world.bounces[0]).toMatchObject({
      inboxId: "in-support",
      report: { originalMessageId: "lq8d3.c55@acme.example", failed: true, reason: expect.stringContaining("User unknown") },
    });
    expect(world.ingested).toHaveLength(0);
  });

  it("accepts unparseable mail (it is stored) and records why it was rejected", async () => {
    await deliver("Subject: no sender\r\n\r\nbody\r\n", ["support@acme.example"]);
    const [event] = [...world.rawEvents.values()];
    await world.until(() => event!.outcome);
    expect(event!.outcome).toEqual({ ok: false, error: "message has no valid From address" });
    expect(world.logs.some((l) => l.level === "warn" && l.msg.startsWith("email: rejected message"))).toBe(true);
  });
});

/** Complete SMTP replies (multi-line replies joined) read from a raw socket, one per next(). */
function smtpReplies(socket: Socket) {
  let buffer = "";
  const ready: string[] = [];
  const waiting: ((reply: string) => void)[] = [];
  socket.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    for (let m = /^(?:\d{3}-.*\r\n)*\d{3}(?: .*)?\r\n/.exec(buffer); m; m = /^(?:\d{3}-.*\r\n)*\d{3}(?: .*)?\r\n/.exec(buffer)) {
      buffer = buffer.slice(m[0].length);
      const reply = m[0].trimEnd();
      const w = waiting.shift();
      if (w) w(reply);
      else ready.push(reply);
    }
  });
  return {
    next: () => new Promise<string>((resolve) => (ready.length ? resolve(ready.shift()!) : waiting.push(resolve))),
  };
}
