import { describe, expect, it } from "vitest";
import { assertTransition, canTransition, statusOnCustomerReply } from "./status-machine.ts";

describe("conversation status machine", () => {
  it("allows the documented transitions", () => {
    expect(canTransition("open", "resolved")).toBe(true);
    expect(canTransition("resolved", "open")).toBe(true);
    expect(canTransition("snoozed", "open")).toBe(true);
    expect(canTransition("resolved", "pending")).toBe(false);
  });
  it("treats closed as final", () => {
    expect(() => assertTransition("closed", "open")).toThrow(/closed conversation cannot become open/);
    expect(statusOnCustomerReply("closed", false)).toBeNull();
  });
  it("reopens on a customer reply but not on an auto-reply", () => {
    expect(statusOnCustomerReply("resolved", false)).toBe("open");
    expect(statusOnCustomerReply("snoozed", false)).toBe("open");
    expect(statusOnCustomerReply("resolved", true)).toBe("resolved");
  });
});
