import "~/app/i18n/dictionaries.server.ts";
import { describe, expect, it } from "vitest";
import { translator } from "~/app/i18n/index.ts";
import { eventText } from "./event-text.ts";

const ev = (meta: Record<string, unknown>, text = "English fallback") => ({ text, meta });

describe("eventText", () => {
  it("renders structured events in Japanese, with translated status and priority values", () => {
    const ja = translator("ja");
    expect(eventText(ev({ event: "status", status: "resolved", actorName: "佐藤" }), ja)).toBe(
      "佐藤 がステータスを「解決済み」に変更しました",
    );
    expect(eventText(ev({ event: "priority", priority: "urgent", actorName: "佐藤" }), ja)).toBe("佐藤 が優先度を「緊急」に設定しました");
    expect(eventText(ev({ event: "merged-into", intoId: "c", intoNumber: 42, actorName: "佐藤" }), ja)).toBe(
      "佐藤 がこの会話を #42 に統合しました",
    );
  });
  it("names the system when no one acted, and handles a removed department", () => {
    const en = translator("en");
    expect(eventText(ev({ event: "department", departmentId: null, departmentName: null }), en)).toBe("Switchboard removed the department");
    expect(eventText(ev({ event: "auto-assigned", assigneeId: "u", assigneeName: "Ann" }), en)).toBe("Automatically assigned to Ann");
  });
  it("keeps the server's text for events it does not know, and raw values it cannot translate", () => {
    const en = translator("en");
    expect(eventText(ev({ event: "something-new" }, "Something new happened"), en)).toBe("Something new happened");
    expect(eventText(ev({}, "Old event without meta"), en)).toBe("Old event without meta");
    expect(eventText(ev({ event: "status", status: "archived", actorName: "Ann" }), en)).toBe("Ann changed the status to archived");
  });
  it("names the automation rule that made a change (issue 12), in both languages", () => {
    const rule = { id: "r1", name: "VIP" };
    expect(eventText(ev({ event: "priority", priority: "urgent", rule }), translator("en"))).toBe("Rule “VIP” set the priority to Urgent");
    expect(eventText(ev({ event: "priority", priority: "urgent", rule }), translator("ja"))).toBe(
      "ルール「VIP」 が優先度を「緊急」に設定しました",
    );
    expect(eventText(ev({ event: "auto-assigned", assigneeName: "Ann", rule }), translator("en"))).toBe(
      "Automatically assigned to Ann (by rule “VIP”)",
    );
    expect(eventText(ev({ event: "tags", added: ["vip"], removed: ["new"], rule }), translator("ja"))).toBe(
      "ルール「VIP」 がタグを変更しました（+vip -new）",
    );
  });
});
