import { describe, expect, it } from "vitest";
import { assignmentSettingsInput } from "~/server/domain/assignment/department-settings.ts";
import { departmentSettingsFromForm } from "./department-form.ts";

const form = (entries: [string, string][]) => {
  const f = new FormData();
  for (const [k, v] of entries) f.append(k, v);
  return f;
};

describe("departmentSettingsFromForm", () => {
  it("turns a filled form into settings the domain accepts", () => {
    const body = departmentSettingsFromForm(
      form([
        ["autoAssign", "on"],
        ["reassignOfflineAfterMinutes", " 30 "],
        ["memberIds", "u1"],
        ["memberIds", "u2"],
        ["slackInboxId", "i1"],
        ["slackChannelId", "C0123ABCD"],
      ]),
    );
    expect(body).toEqual({
      autoAssign: true,
      restricted: false,
      reassignOfflineAfterMinutes: 30,
      memberIds: ["u1", "u2"],
      slack: { inboxId: "i1", channelId: "C0123ABCD" },
    });
    expect(assignmentSettingsInput.safeParse(body).success).toBe(true);
  });
  it("reads empty fields as never / no members / no Slack channel", () => {
    const body = departmentSettingsFromForm(
      form([
        ["reassignOfflineAfterMinutes", ""],
        ["slackInboxId", "i1"],
      ]),
    );
    expect(body).toEqual({ autoAssign: false, restricted: false, reassignOfflineAfterMinutes: null, memberIds: [], slack: null });
  });
  it("passes a bad number on, so the domain rejects it with its message", () => {
    const body = departmentSettingsFromForm(form([["reassignOfflineAfterMinutes", "soon"]]));
    expect(assignmentSettingsInput.safeParse(body).success).toBe(false);
  });
});
