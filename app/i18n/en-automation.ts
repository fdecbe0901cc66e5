// English strings of automation rules and macros (spread into en.ts).
export const enAutomation = {
  "automation.rule": "Rule “{name}”",
  "automation.byRule": "(by rule “{name}”)",
  "event.tags": "{actor} changed the tags ({changes})",
  "notify.kind.automation": "An automation rule asked for you",
} as const;
