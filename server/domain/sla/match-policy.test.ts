import { describe, expect, it } from "vitest";
import { firstMatching, matchesConditions, slaConditions, type ConversationFacts } from "./match-policy.ts";

const facts = (attributes: ConversationFacts["attributes"]): ConversationFacts => ({
  departmentId: "d1",
  inboxId: "i1",
  channel: "email",
  priority: "normal",
  tags: ["billing"],
  attributes,
});

describe("SLA policy conditions", () => {
  it("matches contact and company attributes, typed like automation conditions", () => {
    const vip = slaConditions.parse({
      attributes: [
        { field: "attribute", of: "company", key: "plan", op: "equals", value: "Enterprise" },
        { field: "attribute", of: "contact", key: "seats", op: "greater_than", value: 10 },
      ],
    });
    expect(matchesConditions(vip, facts({ contact: { seats: 25 }, company: { plan: "ｅｎｔｅｒｐｒｉｓｅ" } }))).toBe(true);
    expect(matchesConditions(vip, facts({ contact: { seats: 5 }, company: { plan: "Enterprise" } }))).toBe(false);
    expect(matchesConditions(vip, facts({ contact: { seats: 25 }, company: {} }))).toBe(false);
  });

  it("applies the first policy whose conditions all match, attributes included", () => {
    const policies = [
      {
        id: "vip",
        conditions: {
          tags: ["billing"],
          attributes: [{ field: "attribute", of: "company", key: "plan", op: "equals", value: "Enterprise" }],
        },
      },
      { id: "default", conditions: {} },
    ];
    expect(firstMatching(policies, facts({ contact: {}, company: { plan: "Enterprise" } }))?.id).toBe("vip");
    expect(firstMatching(policies, facts({ contact: {}, company: { plan: "Free" } }))?.id).toBe("default");
  });

  it("refuses an attribute condition without a value (400 from the policy flows)", () => {
    expect(slaConditions.safeParse({ attributes: [{ field: "attribute", of: "contact", key: "plan", op: "equals" }] }).success).toBe(false);
    expect(slaConditions.safeParse({ attributes: [{ field: "attribute", of: "contact", key: "plan", op: "is_set" }] }).success).toBe(true);
  });
});
