import { describe, expect, it } from "vitest";
import { firstNameOf, renderCanned } from "./render-canned.ts";

const vars = {
  contact: { name: "佐藤 由紀", firstName: firstNameOf("佐藤 由紀") },
  agent: { name: "Maya Chen", firstName: "Maya" },
  conversation: { number: 42, subject: "Invoice" },
};

describe("renderCanned", () => {
  it("fills contact, agent and conversation variables, tolerating spaces inside braces", () => {
    expect(renderCanned("{{contact.name}}様、担当の{{ agent.name }}です (#{{conversation.number}})", vars)).toBe(
      "佐藤 由紀様、担当のMaya Chenです (#42)",
    );
  });

  it("leaves unknown variables and plain braces untouched", () => {
    expect(renderCanned("{{contact.email}} {{order.id}} {x}", vars)).toBe("{{contact.email}} {{order.id}} {x}");
  });

  it("takes the first word as first name", () => {
    expect(firstNameOf("Maya Chen")).toBe("Maya");
    expect(firstNameOf("山田太郎")).toBe("山田太郎");
  });
});
