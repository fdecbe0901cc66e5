import { describe, expect, it } from "vitest";
import { canTransition, statusOnCustomerReply } from "./status-machine.ts";

describe("conversation status machine", () => {
  it("allows the documented transitions", () => {
    expect(canTransition("open", "resolved")).toBe(true);
    expect(canTransition("resolved", "open")).toBe(true);
    expect(canTransition("snoozed", "open")).toBe(true);
    expect(canTransition("resolved", "pending")).toBe(false);
  });
  it("treats closed as final", () => {
    expect(canTransition("closed", "open")).toBe(false);
    expect(canTransition("closed", "closed")).toBe(true);
    expect(statusOnCustomerReply("closed", false)).toBeNull();
  });
  it("reopens on a customer reply but not on an auto-reply", () => {
    expect(statusOnCustomerReply("resolved", false)).toBe("open");
    expect(statusOnCustomerReply("snoozed", false)).toBe("open");
    expect(statusOnCustomerReply("resolved", true)).toBe("resolved");
  });
});
