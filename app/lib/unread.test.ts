import { describe, expect, it } from "vitest";
import { isUnread, later } from "./unread.ts";

describe("isUnread (live rows follow the server's rule)", () => {
  const at = (lastCustomerMessageAt: string | null) => ({ lastCustomerMessageAt });
  it("is unread only for a customer message newer than the agent's last read", () => {
    expect(isUnread(at("2026-01-04T00:00:00.000Z"), "2026-01-03T00:00:00.000Z")).toBe(true);
    expect(isUnread(at("2026-01-02T00:00:00.000Z"), "2026-01-03T00:00:00.000Z")).toBe(false);
    expect(isUnread(at("2026-01-02T00:00:00.000Z"), null)).toBe(true);
    expect(isUnread(at(null), null)).toBe(false);
  });
  it("keeps the later read mark", () => {
    expect(later("2026-01-02T00:00:00.000Z", "2026-01-03T00:00:00.000Z")).toBe("2026-01-03T00:00:00.000Z");
    expect(later(undefined, "2026-01-03T00:00:00.000Z")).toBe("2026-01-03T00:00:00.000Z");
    expect(later("2026-01-02T00:00:00.000Z", null)).toBe("2026-01-02T00:00:00.000Z");
    expect(later(null, undefined)).toBeNull();
  });
});
