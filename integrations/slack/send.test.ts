import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeSlack, type FakeSlack } from "~/test/support/fake-slack.ts";
import {
  PermanentSendError,
  RetryableSendError,
  UnknownOutcomeSendError,
  type InboxRuntime,
  type OutboundMessage,
} from "~/integrations/core/types.ts";
import type { SlackConfig } from "./config.ts";
import { sendToSlack } from "./send.ts";

let slack: FakeSlack;
let inbox: InboxRuntime<SlackConfig>;
beforeAll(async () => {
  slack = await startFakeSlack();
  inbox = {
    id: "inb1",
    kind: "slack",
    name: "Support",
    enabled: true,
    state: {},
    config: { signingSecret: "s", botToken: slack.botToken, apiUrl: slack.apiUrl },
  };
});
afterAll(() => slack.close());

const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  id: "msg1",
  text: "Fixed <now> & 対応しました",
  author: { name: "Aiko Tanaka" },
  conversation: { id: "c1", number: 7, subject: "", threadKey: "C0CUST:1700000000.000100", replyToken: "r" },
  to: [{ kind: "slack", address: "TCUST:U1" }],
  cc: [],
  previousProviderIds: [],
  attachments: [],
  ...over,
});

describe("sendToSlack", () => {
  it("posts into the thread as the bot under the agent's name", async () => {
    const result = await sendToSlack(inbox, message());
    const call = slack.callsTo("chat.postMessage").at(-1)!;
    expect(call.authorization).toBe(`Bearer ${slack.botToken}`);
    expect(call.params).toMatchObject({
      channel: "C0CUST",
      thread_ts: "1700000000.000100",
      username: "Aiko Tanaka (Support)",
      text: "Fixed &lt;now&gt; &amp; 対応しました",
    });
    expect(result.status).toBe("sent");
    expect(result.providerMessageId).toMatch(/^C0CUST:\d+\.\d{6}$/);
  });

  it("links attachments by their public URL", async () => {
    const read = async () => Buffer.from("x");
    await sendToSlack(
      inbox,
      message({
        text: "see file",
        attachments: [
          { id: "a", filename: "見積.pdf", contentType: "application/pdf", size: 1, read, publicUrl: "https://sb.example/f/a?sig=1" },
        ],
      }),
    );
    expect(slack.callsTo("chat.postMessage").at(-1)!.params.text).toBe("see file\n\n📎 <https://sb.example/f/a?sig=1|見積.pdf>");
  });

  it("surfaces a 429 as retryable with Slack's Retry-After", async () => {
    slack.rateLimit("chat.postMessage", 3);
    const err = await sendToSlack(inbox, message()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryableSendError);
    expect((err as RetryableSendError).retryAfterMs).toBe(3000);
  });

  it("treats channel and auth errors as permanent", async () => {
    slack.failNext("chat.postMessage", "channel_not_found");
    await expect(sendToSlack(inbox, message())).rejects.toMatchObject({ name: "PermanentSendError", code: "channel_not_found" });
    slack.failNext("chat.postMessage", "not_in_channel");
    await expect(sendToSlack(inbox, message())).rejects.toBeInstanceOf(PermanentSendError);
    const badToken = { ...inbox, config: { ...inbox.config, botToken: "xoxb-revoked" } };
    await expect(sendToSlack(badToken, message())).rejects.toMatchObject({ code: "invalid_auth" });
  });

  it("treats Slack's transient errors and an unreachable API as retryable", async () => {
    slack.failNext("chat.postMessage", "internal_error");
    await expect(sendToSlack(inbox, message())).rejects.toBeInstanceOf(RetryableSendError);
    // A port nobody listens on: the connection is refused, so the request never left.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = { ...inbox, config: { ...inbox.config, apiUrl: `http://127.0.0.1:${port}/api/` } };
    await expect(sendToSlack(down, message())).rejects.toBeInstanceOf(RetryableSendError);
  });

  it("calls a connection reset after the request went out unknown: chat.postMessage has no idempotency key", async () => {
    // Reads the whole request, then drops the connection without answering.
    const dropping = createServer((req) => {
      req.resume();
      req.on("end", () => req.socket.destroy());
    });
    await new Promise<void>((resolve) => dropping.listen(0, "127.0.0.1", resolve));
    try {
      const apiUrl = `http://127.0.0.1:${(dropping.address() as AddressInfo).port}/api/`;
      const err = await sendToSlack({ ...inbox, config: { ...inbox.config, apiUrl } }, message()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UnknownOutcomeSendError);
      expect((err as Error).message).toMatch(/No answer from Slack/);
    } finally {
      await new Promise<void>((resolve) => dropping.close(() => resolve()));
    }
  });

  it("refuses a conversation without a Slack thread", async () => {
    const noThread = message({ conversation: { ...message().conversation, threadKey: null } });
    await expect(sendToSlack(inbox, noThread)).rejects.toMatchObject({ code: "no_slack_thread" });
  });
});
