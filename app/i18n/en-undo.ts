// English strings of the Undo toast and snooze (spread into en-core.ts; the held reply, snooze picker and shortcut list are in en-inbox-tools.ts).
export const enUndo = {
  "undo.action": "Undo",
  "undo.dismiss": "Dismiss",
  "undo.resolved": "Resolved",
  "undo.reopened": "Reopened",
  "undo.statusChanged": "Status: {status}",
  "undo.snoozed": "Snoozed until {time}",
  "undo.snoozedUntilReply": "Snoozed until the customer replies",
  "undo.assigned": "Assigned to {name}",
  "undo.unassigned": "Unassigned",
  "undo.sendingIn": "Sending in {seconds} s",
  "snooze.pick": "Pick a date and time…",
  "snooze.untilReply": "Until the customer replies",
  "event.snoozedUntil": "{actor} snoozed this until {time}",
  "event.snoozedUntilReply": "{actor} snoozed this until the customer replies",
  "event.undone": "{line} (undo)",
} as const;
