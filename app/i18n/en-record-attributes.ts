// Strings of the inbox's attribute filter and of attribute changes on timelines (issue 14), spread into en.ts.
export const enRecordAttributes = {
  "attrFilter.open": "Attributes",
  "attrFilter.remove": "Remove filter: {label}",
  "attrFilter.clear": "Clear filters",
  "attrFilter.invalid": "This filter cannot be used: {message}",
  "attrFilter.active": "Filtered by attributes",
  "attrFilter.entity.conversation": "Conversation",
  "attrFilter.entity.contact": "Contact",
  "attrFilter.entity.company": "Company",
  "attrChange.changed": "{actor} changed {label} from {from} to {to}",
  "attrChange.set": "{actor} set {label} to {to}",
  "attrChange.cleared": "{actor} cleared {label}",
  "attrChange.yes": "checked",
  "attrChange.no": "unchecked",
} as const;
