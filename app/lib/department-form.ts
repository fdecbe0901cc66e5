/**
 * The department settings form as the body of updateDepartmentSettings. Checkboxes send "on" or
 * nothing; an empty minutes field means "never"; the Slack channel is set only with both parts.
 * Values are passed on as typed, so the domain's validation names what is wrong.
 */
export function departmentSettingsFromForm(form: FormData) {
  const minutes = String(form.get("reassignOfflineAfterMinutes") ?? "").trim();
  const slackInboxId = String(form.get("slackInboxId") ?? "");
  const slackChannelId = String(form.get("slackChannelId") ?? "").trim();
  return {
    autoAssign: form.get("autoAssign") === "on",
    restricted: form.get("restricted") === "on",
    reassignOfflineAfterMinutes: minutes === "" ? null : Number(minutes),
    memberIds: form.getAll("memberIds").map(String),
    slack: slackInboxId && slackChannelId ? { inboxId: slackInboxId, channelId: slackChannelId } : null,
  };
}
