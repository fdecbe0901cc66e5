import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deliverSlackEvent, signSlackRequest } from "~/test/support/fake-slack.ts";
import { envelope, SIGNING_SECRET, startHarness } from "./testing/harness.ts";

let h: Awaited<ReturnType<typeof startHarness>>;
beforeAll(async () => {
  h = await startHarness();
  h.links.set("CCUST", { contactId: null, companyId: "company1" });
  h.slack.addUser({ id: "UCUST", team: "TCUST", name: "Yuki Sato", email: "Yuki.Sato@Example.JP" });
});
afterAll(() => h.stop());

const customerMessage = (over: Record<string, unknown> = {}) => ({
  type: "message",
  channel: "CCUST",
  user: "UCUST",
  user_team: "TCUST",
  text: "請求書が届きません",
  ts: "1790000000.000100",
  ...over,
});

describe("Slack events endpoint", () => {
  it("answers url_verification with the challenge", async () => {
    const res = await deliverSlackEvent(h.eventsUrl, SIGNING_SECRET, {
      type: "url_verification",
      token: "t",
      challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
  });

  it("rejects a bad signature and a replay older than five minutes with 401, storing nothing", async () => {
    const bad = await deliverSlackEvent(h.eventsUrl, SIGNING_SECRET, envelope(customerMessage()), { signature: "v0=deadbeef" });
    expect(bad.status).toBe(401);
    const stale = await deliverSlackEvent(h.eventsUrl, SIGNING_SECRET, envelope(customerMessage()), {
      timestampSec: Math.floor(Date.now() / 1000) - 6 * 60,
    });
    expect(stale.status).toBe(401);
    const wrongSecret = await deliverSlackEvent(h.eventsUrl, "another-secret", envelope(customerMessage()));
    expect(wrongSecret.status).toBe(401);
    expect(h.rawEvents.size).toBe(0);
    expect(h.ingested).toHaveLength(0);
  });

  it("answers 404 for an unknown inbox", async () => {
    const res = await deliverSlackEvent(h.eventsUrl.replace("inbSlack", "nope"), SIGNING_SECRET, envelope(customerMessage()));
    expect(res.status).toBe(404);
  });

  it("opens a conversation from a top-level message, linked to the Slack user and their email, owned by the linked company", async () => {
    const payload = envelope(customerMessage());
    const res = await deliverSlackEvent(h.eventsUrl, SIGNING_SECRET, payload);
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(h.ingested).toHaveLength(1));
    const { message } = h.ingested[0]!;
    expect(message).toMatchObject({
      providerMessageId: "CCUST:1790000000.000100",
      from: { kind: "slack", address: "TCUST:UCUST", displayName: "Yuki Sato" },
      fromAliases: [{ kind: "email", address: "yuki.sato@example.jp" }],
      owner: { companyId: "company1" },
      subject: "請求書が届きません",
      text: "請求書が届きません",
      threading: { threadKey: "CCUST:1790000000.000100", startsThread: true },
    });
    expect(message.sentAt?.toISOString()).toBe(new Date(1_790_000_000_000).toISOString());
    await vi.waitFor(() => expect([...h.rawEvents.values()][0]!.outcome).toEqual({ ok: true }));

    // Slack retries the same event (X-Slack-Retry-Num): acknowledged, nothing new.
    const retry = await deliverSlackEvent(h.eventsUrl, SIGNING_SECRET, payload, { retryNum: 1 });
    expect(retry.status).toBe(200);
    // The same message under a new event id (redelivery) is still one message.
    await deliverSlackEvent(h.eventsUrl, SIGNING_SECRET, envelope(customerMessage()));
    await vi.waitFor(() => expect([...h.rawEvents.values()].every((e) => e.outcome)).toBe(true));
    expect(h.ingested).toHaveLength(1);
  });

  it("continues the conversation with a reply in the thread", async () => {
    await deliverSlackEvent(
      h.eventsUrl,
      SIGNING_SECRET,
      envelope(customerMessage({ ts: "1790000050.000200", thread_ts: "1790000000.000100", text: "まだです" })),
    );
    await vi.waitFor(() => expect(h.ingested).toHaveLength(2));
    const reply = h.ingested[1]!;
    expect(reply.message.threading).toEqual({ threadKey: "CCUST:1790000000.000100", conversationId: h.ingested[0]!.conversationId });
    expect(reply.conversationId).toBe(h.ingested[0]!.conversationId);
  });

  it("ignores the bot's own messages and other bots (no loops), and unlinked channels", async () => {
    const before = h.rawEvents.size;
    await deliverSlackEvent(
      h.eventsUrl,
      SIGNING_SECRET,
      envelope(customerMessage({ ts: "1790000060.000001", user: h.slack.botUserId, user_team: "THOST" })),
    );
    await deliverSlackEvent(
      h.eventsUrl,
      SIGNING_SECRET,
      envelope(customerMessage({ ts: "1790000060.000002", bot_id: "BOTHER", user: "UOTHER" })),
    );
    await deliverSlackEvent(h.eventsUrl, SIGNING_SECRET, envelope(customerMessage({ ts: "1790000060.000003", channel: "CRANDOM" })));
    await vi.waitFor(() => expect([...h.rawEvents.values()].slice(before).filter((e) => e.outcome?.ok)).toHaveLength(3));
    expect(h.ingested).toHaveLength(2);
    expect(h.slack.callsTo("auth.test").length).toBeGreaterThan(0);
  });

  it("keeps a colleague's reply in a customer thread as a note, never as the customer", async () => {
    h.slack.addUser({ id: "USTAFF", team: "THOST", name: "Aiko", email: "aiko@switchboard.example" });
    h.users.set("aiko@switchboard.example", { id: "user1", name: "Aiko Tanaka", role: "agent" });
    const staff = { user: "USTAFF", user_team: "THOST", team: "THOST" };
    await deliverSlackEvent(
      h.eventsUrl,
      SIGNING_SECRET,
      envelope(customerMessage({ ...staff, ts: "1790000070.000001", thread_ts: "1790000000.000100", text: "確認します" })),
    );
    await deliverSlackEvent(
      h.eventsUrl,
      SIGNING_SECRET,
      envelope(customerMessage({ ...staff, ts: "1790000070.000002", text: "top-level from staff" })),
    );
    await vi.waitFor(() => expect(h.actions).toHaveLength(1));
    expect(h.actions[0]).toEqual({
      action: "addNote",
      args: [h.ingested[0]!.conversationId, "user1", "Replied in Slack (seen by the customer):\n確認します"],
    });
    await vi.waitFor(() => expect([...h.rawEvents.values()].every((e) => e.outcome?.ok)).toBe(true));
    expect(h.ingested).toHaveLength(2);
  });

  it("treats a guest of our own workspace as a customer", async () => {
    h.slack.addUser({ id: "UGUEST", team: "THOST", name: "Guest Customer", guest: true });
    await deliverSlackEvent(
      h.eventsUrl,
      SIGNING_SECRET,
      envelope(customerMessage({ user: "UGUEST", user_team: "THOST", ts: "1790000080.000001", text: "guest here" })),
    );
    await vi.waitFor(() => expect(h.ingested).toHaveLength(3));
    expect(h.ingested[2]!.message.from).toEqual({ kind: "slack", address: "THOST:UGUEST", displayName: "Guest Customer" });
  });

  it("stores a thread's root first when a reply arrives before it (or the thread predates the link)", async () => {
    const before = h.ingested.length;
    const root = { user: "UCUST", user_team: "TCUST", ts: "1790000090.000001", text: "先に返信が届いた" };
    h.slack.addMessage("CCUST", root);
    await deliverSlackEvent(
      h.eventsUrl,
      SIGNING_SECRET,
      envelope(customerMessage({ ts: "1790000091.000001", thread_ts: root.ts, text: "reply first" })),
    );
    await vi.waitFor(() => expect(h.ingested).toHaveLength(before + 2));
    const [r, reply] = h.ingested.slice(before);
    expect(r!.message).toMatchObject({
      providerMessageId: "CCUST:1790000090.000001",
      text: "先に返信が届いた",
      threading: { startsThread: true },
    });
    expect(reply!.message.threading?.conversationId).toBe(r!.conversationId);
    // The root's own event, arriving late, is a duplicate.
    await deliverSlackEvent(h.eventsUrl, SIGNING_SECRET, envelope(customerMessage(root)));
    await vi.waitFor(() => expect([...h.rawEvents.values()].every((e) => e.outcome?.ok)).toBe(true));
    expect(h.ingested).toHaveLength(before + 2);
  });

  it("still takes a reply whose thread root Slack cannot return", async () => {
    const before = h.ingested.length;
    await deliverSlackEvent(
      h.eventsUrl,
      SIGNING_SECRET,
      envelope(customerMessage({ ts: "1790000095.000001", thread_ts: "1690000000.000001", text: "old thread" })),
    );
    await vi.waitFor(() => expect(h.ingested).toHaveLength(before + 1));
    expect(h.ingested.at(-1)!.message.threading).toEqual({ threadKey: "CCUST:1690000000.000001", conversationId: undefined });
  });

  it("reflects edits and deletions of customer messages", async () => {
    await deliverSlackEvent(
      h.eventsUrl,
      SIGNING_SECRET,
      envelope({
        type: "message",
        subtype: "message_changed",
        channel: "CCUST",
        message: {
          user: "UCUST",
          ts: "1790000000.000100",
          text: "請求書 #42 が届きません",
          edited: { user: "UCUST", ts: "1790000100.000000" },
        },
      }),
    );
    await deliverSlackEvent(
      h.eventsUrl,
      SIGNING_SECRET,
      envelope({
        type: "message",
        subtype: "message_deleted",
        channel: "CCUST",
        deleted_ts: "1790000050.000200",
        previous_message: { user: "UCUST", ts: "1790000050.000200" },
      }),
    );
    await vi.waitFor(() => expect(h.updates).toHaveLength(2));
    expect(h.updates).toEqual([
      {
        providerMessageId: "CCUST:1790000000.000100",
        change: { text: "請求書 #42 が届きません", meta: { slackEditedTs: "1790000100.000000" } },
      },
      { providerMessageId: "CCUST:1790000050.000200", change: { deleted: true } },
    ]);
  });

  it("rejects a body that is not JSON with 400", async () => {
    const res = await fetch(h.eventsUrl, {
      method: "POST",
      headers: { "content-type": "application/json", ...signSlackRequest(SIGNING_SECRET, "{oops") },
      body: "{oops",
    });
    expect(res.status).toBe(400);
  });
});
