// English strings of the canned responses page (spread into en.ts).
export const enCanned = {
  "canned.title": "Canned responses",
  "canned.intro": "Saved replies agents insert with / in the composer. Admins edit all of them; agents their own.",
  "canned.shortcut": "Shortcut",
  "canned.titleField": "Title",
  "canned.body": "Text",
  "canned.department": "Visible to",
  "canned.everyone": "Everyone",
  "canned.variables":
    "Variables: {{contact.name}}, {{contact.firstName}}, {{agent.name}}, {{agent.firstName}}, {{conversation.number}}, {{conversation.subject}}",
  "canned.new": "New canned response",
  "canned.save": "Save",
  "canned.saved": "Saved.",
  "canned.edit": "Edit",
  "canned.cancel": "Cancel",
  "canned.delete": "Delete",
  "canned.confirmDelete": "Delete the canned response /{shortcut}?",
  "canned.empty": "No canned responses yet.",
} as const;
