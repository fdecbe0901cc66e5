import { describe, expect, it } from "vitest";
import { parseSlackEvent } from "./parse-event.ts";

const envelope = (event: Record<string, unknown>) => ({ type: "event_callback", team_id: "T0HOST", event_id: "Ev1", event });
const BOT = "UBOT";

describe("parseSlackEvent", () => {
  it("parses a top-level customer message", () => {
    const parsed = parseSlackEvent(
      envelope({ type: "message", channel: "C1", user: "U1", team: "T1", ts: "1700000000.000100", text: "Hello &amp; 今日は" }),
      BOT,
    );
    expect(parsed).toEqual({
      kind: "message",
      channel: "C1",
      ts: "1700000000.000100",
      threadTs: undefined,
      user: "U1",
      team: "T1",
      text: "Hello & 今日は",
      files: [],
    });
  });

  it("keeps thread_ts for replies and drops it when it equals ts (thread parent)", () => {
    const reply = parseSlackEvent(envelope({ type: "message", channel: "C1", user: "U1", ts: "2.0", thread_ts: "1.0", text: "x" }), BOT);
    expect(reply).toMatchObject({ kind: "message", threadTs: "1.0", team: "T0HOST" });
    const parent = parseSlackEvent(envelope({ type: "message", channel: "C1", user: "U1", ts: "1.0", thread_ts: "1.0", text: "x" }), BOT);
    expect(parent).toMatchObject({ kind: "message", threadTs: undefined });
  });

  it("prefers user_team (Slack Connect: the writer's own workspace)", () => {
    const parsed = parseSlackEvent(
      envelope({ type: "message", channel: "C1", user: "U1", user_team: "TCUST", team: "THOST", ts: "1.0", text: "x" }),
      BOT,
    );
    expect(parsed).toMatchObject({ team: "TCUST" });
  });

  it("ignores our bot and every other bot", () => {
    expect(parseSlackEvent(envelope({ type: "message", channel: "C1", user: BOT, ts: "1.0", text: "echo" }), BOT).kind).toBe("ignored");
    expect(parseSlackEvent(envelope({ type: "message", channel: "C1", bot_id: "B1", user: "U9", ts: "1.0", text: "echo" }), BOT).kind).toBe(
      "ignored",
    );
    expect(parseSlackEvent(envelope({ type: "message", subtype: "bot_message", channel: "C1", ts: "1.0", text: "x" }), BOT).kind).toBe(
      "ignored",
    );
  });

  it("ignores channel noise and other event types", () => {
    expect(parseSlackEvent(envelope({ type: "message", subtype: "channel_join", channel: "C1", user: "U1", ts: "1.0" }), BOT).kind).toBe(
      "ignored",
    );
    expect(parseSlackEvent(envelope({ type: "reaction_added", user: "U1" }), BOT).kind).toBe("ignored");
    expect(parseSlackEvent({ type: "event_callback" }, BOT).kind).toBe("ignored");
  });

  it("collects downloadable files and skips hidden ones", () => {
    const parsed = parseSlackEvent(
      envelope({
        type: "message",
        subtype: "file_share",
        channel: "C1",
        user: "U1",
        ts: "1.0",
        text: "",
        files: [
          { id: "F1", name: "請求書.pdf", mimetype: "application/pdf", url_private_download: "https://files.slack.com/F1/download" },
          { id: "F2", mode: "hidden_by_limit" },
        ],
      }),
      BOT,
    );
    expect(parsed).toMatchObject({
      kind: "message",
      files: [{ id: "F1", name: "請求書.pdf", mimetype: "application/pdf", url: "https://files.slack.com/F1/download" }],
    });
  });

  it("reports real edits, not unfurls, and not edits of bot messages", () => {
    const edit = parseSlackEvent(
      envelope({
        type: "message",
        subtype: "message_changed",
        channel: "C1",
        message: { user: "U1", ts: "1.0", text: "fixed", edited: { user: "U1", ts: "5.0" } },
      }),
      BOT,
    );
    expect(edit).toEqual({ kind: "edited", channel: "C1", ts: "1.0", text: "fixed", editedTs: "5.0" });
    expect(
      parseSlackEvent(
        envelope({ type: "message", subtype: "message_changed", channel: "C1", message: { user: "U1", ts: "1.0", text: "same" } }),
        BOT,
      ).kind,
    ).toBe("ignored");
    expect(
      parseSlackEvent(
        envelope({
          type: "message",
          subtype: "message_changed",
          channel: "C1",
          message: { bot_id: "B1", ts: "1.0", text: "x", edited: { ts: "2" } },
        }),
        BOT,
      ).kind,
    ).toBe("ignored");
  });

  it("reports deletions", () => {
    const del = parseSlackEvent(
      envelope({
        type: "message",
        subtype: "message_deleted",
        channel: "C1",
        deleted_ts: "1.0",
        previous_message: { user: "U1", ts: "1.0" },
      }),
      BOT,
    );
    expect(del).toEqual({ kind: "deleted", channel: "C1", ts: "1.0" });
  });
});
