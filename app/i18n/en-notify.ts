// English strings of desktop notifications and teammates' drafts (spread into en.ts).
export const enNotify = {
  "notify.desktop.enable": "Enable desktop notifications",
  "notify.desktop.disable": "Turn off desktop notifications",
  "notify.desktop.on": "Desktop notifications are on (shown while this tab is in the background).",
  "notify.desktop.off": "Desktop notifications are off.",
  "notify.desktop.notAsked": "Desktop notifications have not been set up.",
  "notify.desktop.blocked": "Desktop notifications are blocked by the browser. Allow them in this site's settings.",
  "notify.desktop.unsupported": "This browser cannot show desktop notifications.",
  "notify.kind.mention": "You were mentioned",
  "notify.kind.assignment": "Assigned to you",
  "notify.kind.reply": "The customer replied",
  "notify.kind.handoff": "Handed off to your department",
  "notify.kind.other": "Switchboard",
  "drafts.teammateReply": "{name} has a draft reply",
  "drafts.teammateNote": "{name} has a draft note",
};
