import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deliverSlackEvent, deliverSlackInteraction } from "~/test/support/fake-slack.ts";
import type { Running } from "~/integrations/core/types.ts";
import { slackAdapter } from "./index.ts";
import { envelope, SIGNING_SECRET, startHarness } from "./testing/harness.ts";

let h: Awaited<ReturnType<typeof startHarness>>;
let running: Running;
beforeAll(async () => {
  h = await startHarness();
  h.departmentChannels.push({ departmentId: "dep1", externalId: "CAGENTS" });
  h.slack.addUser({ id: "UAIKO", team: "THOST", name: "Aiko", email: "aiko@switchboard.example" });
  h.slack.addUser({ id: "USTRANGER", team: "THOST", name: "Stranger", email: "stranger@elsewhere.example" });
  h.users.set("aiko@switchboard.example", { id: "user1", name: "Aiko Tanaka", role: "agent" });
  running = await slackAdapter.start!(h.host, undefined);
});
afterAll(async () => {
  await running.stop();
  await h.stop();
});

const created = {
  type: "conversation.created" as const,
  conversationId: "conv9",
  number: 42,
  subject: "Invoice missing",
  departmentId: "dep1",
  contactName: "Yuki",
  channel: "email" as const,
  text: "Where is my invoice?",
};
let threadTs = "";

describe("department notifications", () => {
  it("posts a new conversation with a link and buttons, and remembers its thread", async () => {
    h.emit(created);
    await vi.waitFor(() => expect(h.slack.callsTo("chat.postMessage")).toHaveLength(1));
    const call = h.slack.callsTo("chat.postMessage")[0]!;
    expect(call.params.channel).toBe("CAGENTS");
    expect(call.params.thread_ts).toBeUndefined();
    const blocks = JSON.parse(call.params.blocks!) as {
      type: string;
      text?: { text: string };
      elements?: { action_id?: string; value?: string }[];
    }[];
    expect(blocks[0]!.text!.text).toContain("<https://sb.example/conversations/conv9|#42 Invoice missing>");
    expect(blocks[1]!.elements!.map((e) => [e.action_id, e.value])).toEqual([
      ["sb_assign_me", "conv9"],
      ["sb_resolve", "conv9"],
    ]);
    await vi.waitFor(() => expect(Object.keys(h.inbox.state.notificationThreads ?? {})).toHaveLength(1));
    threadTs = Object.keys(h.inbox.state.notificationThreads as object)[0]!.split(":")[1]!;
  });

  it("posts later updates into the same thread, and nothing for other departments", async () => {
    h.emit({
      type: "conversation.assigned",
      conversationId: "conv9",
      number: 42,
      subject: "Invoice missing",
      departmentId: "dep1",
      assignee: { id: "user1", name: "Aiko Tanaka", email: "aiko@switchboard.example" },
    });
    h.emit({ ...created, conversationId: "conv10", departmentId: "dep2" });
    await vi.waitFor(() => expect(h.slack.callsTo("chat.postMessage")).toHaveLength(2));
    // Aiko's Switchboard email is a member of the workspace: she is pinged, not just named.
    expect(h.slack.callsTo("chat.postMessage")[1]!.params).toMatchObject({
      channel: "CAGENTS",
      thread_ts: threadTs,
      text: "Assigned to <@UAIKO>.",
    });
  });

  it("posts @mentions into the thread, pinging the agents Slack knows by email", async () => {
    h.emit({
      type: "note.mentioned",
      conversationId: "conv9",
      number: 42,
      subject: "Invoice missing",
      departmentId: "dep1",
      authorName: "Ken <Lead>",
      text: "@Aiko @Mei can you check?",
      mentionedUsers: [
        { id: "user1", name: "Aiko Tanaka", email: "aiko@switchboard.example" },
        { id: "user2", name: "Mei", email: "mei@switchboard.example" },
      ],
    });
    await vi.waitFor(() => expect(h.slack.callsTo("chat.postMessage")).toHaveLength(3));
    expect(h.slack.callsTo("chat.postMessage")[2]!.params).toMatchObject({
      thread_ts: threadTs,
      text: "Ken &lt;Lead&gt; mentioned <@UAIKO>, Mei:\n>@Aiko @Mei can you check?",
    });
  });
});

describe("agents replying in the internal thread", () => {
  const reply = (text: string, user = "UAIKO", ts = `${Date.now() / 1000}`) =>
    envelope({ type: "message", channel: "CAGENTS", user, team: "THOST", text, ts: Number(ts).toFixed(6), thread_ts: threadTs });

  it("adds an internal note by default", async () => {
    await deliverSlackEvent(h.eventsUrl, SIGNING_SECRET, reply("billing says it was sent &amp; bounced"));
    await vi.waitFor(() => expect(h.actions).toHaveLength(1));
    expect(h.actions[0]).toEqual({ action: "addNote", args: ["conv9", "user1", "billing says it was sent & bounced"] });
    expect(h.ingested).toHaveLength(0);
  });

  it("sends to the customer with !reply and confirms privately", async () => {
    await deliverSlackEvent(h.eventsUrl, SIGNING_SECRET, reply("!reply 再送しました。ご確認ください。"));
    await vi.waitFor(() => expect(h.actions).toHaveLength(2));
    expect(h.actions[1]).toEqual({ action: "sendReply", args: ["conv9", "user1", "再送しました。ご確認ください。"] });
    await vi.waitFor(() =>
      expect(h.slack.callsTo("chat.postEphemeral").at(-1)?.params).toMatchObject({
        channel: "CAGENTS",
        user: "UAIKO",
        text: "Sent to the customer.",
      }),
    );
  });

  it("tells a Slack user who is not a Switchboard user, and does nothing", async () => {
    const before = h.slack.callsTo("chat.postEphemeral").length;
    await deliverSlackEvent(h.eventsUrl, SIGNING_SECRET, reply("I can help", "USTRANGER"));
    await vi.waitFor(() => expect(h.slack.callsTo("chat.postEphemeral")).toHaveLength(before + 1));
    expect(h.slack.callsTo("chat.postEphemeral").at(-1)!.params).toMatchObject({ user: "USTRANGER", thread_ts: threadTs });
    expect(h.actions).toHaveLength(2);
  });
});

describe("buttons and the message shortcut", () => {
  const base = (user: string) => ({ user: { id: user, team_id: "THOST" }, channel: { id: "CAGENTS" }, team: { id: "THOST" } });

  it("assigns to the clicking agent and resolves", async () => {
    const message = { ts: threadTs, text: "New conversation" };
    const res = await deliverSlackInteraction(h.interactionsUrl, SIGNING_SECRET, {
      type: "block_actions",
      ...base("UAIKO"),
      message,
      actions: [{ action_id: "sb_assign_me", value: "conv9" }],
    });
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(h.actions.at(-1)).toEqual({ action: "assign", args: ["conv9", "user1", "user1"] }));
    await deliverSlackInteraction(h.interactionsUrl, SIGNING_SECRET, {
      type: "block_actions",
      ...base("UAIKO"),
      message,
      actions: [{ action_id: "sb_resolve", value: "conv9" }],
    });
    await vi.waitFor(() => expect(h.actions.at(-1)).toEqual({ action: "setStatus", args: ["conv9", "resolved", "user1"] }));
    await vi.waitFor(() =>
      expect(h.slack.callsTo("chat.postMessage").at(-1)!.params).toMatchObject({ thread_ts: threadTs, text: "Resolved by Aiko Tanaka." }),
    );
  });

  it("refuses unknown Slack users privately", async () => {
    const before = h.actions.length;
    await deliverSlackInteraction(h.interactionsUrl, SIGNING_SECRET, {
      type: "block_actions",
      ...base("USTRANGER"),
      message: { ts: threadTs },
      actions: [{ action_id: "sb_assign_me", value: "conv9" }],
    });
    await vi.waitFor(() => expect(h.slack.callsTo("chat.postEphemeral").at(-1)!.params.user).toBe("USTRANGER"));
    expect(h.actions).toHaveLength(before);
  });

  it("sends a thread message to the customer through the shortcut", async () => {
    await deliverSlackInteraction(h.interactionsUrl, SIGNING_SECRET, {
      type: "message_action",
      callback_id: "sb_send_to_customer",
      ...base("UAIKO"),
      message: {
        type: "message",
        user: "UAIKO",
        ts: "1790000999.000001",
        thread_ts: threadTs,
        text: "We resent the invoice &lt;today&gt;.",
      },
    });
    await vi.waitFor(() =>
      expect(h.actions.at(-1)).toEqual({ action: "sendReply", args: ["conv9", "user1", "We resent the invoice <today>."] }),
    );
  });

  it("rejects an unsigned interaction with 401", async () => {
    const res = await fetch(h.interactionsUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "payload=%7B%7D",
    });
    expect(res.status).toBe(401);
  });
});
