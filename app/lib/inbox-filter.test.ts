import { describe, expect, it } from "vitest";
import type { ConversationSummary } from "~/common/realtime-contract.ts";
import { byActivity, filterSearch, matchesFilter } from "./inbox-filter.ts";

const conv = (over: Partial<ConversationSummary>): ConversationSummary => ({
  id: "c1",
  number: 1,
  subject: "",
  status: "open",
  priority: "normal",
  tags: [],
  channel: "email",
  inboxId: "i",
  contactId: "k",
  contactName: "K",
  departmentId: null,
  assigneeId: null,
  lastActivityAt: "2026-01-01T00:00:00.000Z",
  snoozedUntil: null,
  lastMessage: null,
  lastCustomerMessageAt: null,
  sla: null,
  ...over,
});

describe("matchesFilter (live rows follow the server's list rules)", () => {
  it("active = open or pending; views by assignee; department filter", () => {
    const f = { view: "all" as const, status: "active" as const, departmentId: null };
    expect(matchesFilter(conv({ status: "pending" }), f, "me")).toBe(true);
    expect(matchesFilter(conv({ status: "resolved" }), f, "me")).toBe(false);
    expect(matchesFilter(conv({ assigneeId: "me" }), { ...f, view: "mine" }, "me")).toBe(true);
    expect(matchesFilter(conv({ assigneeId: "you" }), { ...f, view: "mine" }, "me")).toBe(false);
    expect(matchesFilter(conv({ assigneeId: "you" }), { ...f, view: "unassigned" }, "me")).toBe(false);
    expect(matchesFilter(conv({ departmentId: "d2" }), { ...f, departmentId: "d1" }, "me")).toBe(false);
  });
  it("keeps only non-default params in the URL and sorts newest first", () => {
    expect(filterSearch({ view: "all", status: "active", departmentId: null })).toBe("");
    expect(filterSearch({ view: "all", status: "resolved", departmentId: "d1" })).toBe("?status=resolved&department=d1");
    const a = conv({ id: "a", lastActivityAt: "2026-01-02T00:00:00.000Z" });
    const b = conv({ id: "b" });
    expect([b, a].sort(byActivity).map((c) => c.id)).toEqual(["a", "b"]);
  });
});
