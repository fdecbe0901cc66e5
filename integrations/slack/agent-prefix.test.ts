import { describe, expect, it } from "vitest";
import { parseAgentIntent } from "./agent-prefix.ts";

describe("parseAgentIntent", () => {
  it("treats a plain thread reply as an internal note", () => {
    expect(parseAgentIntent("checking with billing")).toEqual({ mode: "note", text: "checking with billing" });
  });
  it("sends to the customer with the !reply prefix, any case, on one or several lines", () => {
    expect(parseAgentIntent("!reply Thanks, fixed now.")).toEqual({ mode: "reply", text: "Thanks, fixed now." });
    expect(parseAgentIntent("  !REPLY\nご連絡ありがとうございます。")).toEqual({ mode: "reply", text: "ご連絡ありがとうございます。" });
  });
  it("does not mistake words that merely start like the prefix", () => {
    expect(parseAgentIntent("!replying later")).toEqual({ mode: "note", text: "!replying later" });
    expect(parseAgentIntent("please !reply to them")).toEqual({ mode: "note", text: "please !reply to them" });
  });
  it("yields an empty reply for a bare prefix so the caller can refuse it", () => {
    expect(parseAgentIntent("!reply   ")).toEqual({ mode: "reply", text: "" });
  });
});
