import { describe, expect, it } from "vitest";
import { webhookEventsOf } from "./webhook-events.ts";

describe("webhookEventsOf", () => {
  it("turns an SLA breach into an sla.breached delivery with the conversation and target", () => {
    const events = webhookEventsOf({
      type: "sla.breached",
      audience: { departmentId: null, restricted: false },
      conversationId: "c1",
      target: "first_response",
      policyId: "p1",
      dueAt: "2026-12-01T10:00:00.000Z",
    });
    expect(events).toEqual([
      {
        type: "sla.breached",
        contactId: null,
        data: { conversationId: "c1", target: "first_response", policyId: "p1", dueAt: "2026-12-01T10:00:00.000Z" },
      },
    ]);
  });

  it("ignores an SLA warning (only breaches are a webhook event)", () => {
    expect(
      webhookEventsOf({
        type: "sla.warning",
        audience: { departmentId: null, restricted: false },
        conversationId: "c1",
        target: "first_response",
        policyId: null,
        dueAt: "2026-12-01T10:00:00.000Z",
      }),
    ).toEqual([]);
  });
});
