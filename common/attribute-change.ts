/**
 * A change of one custom attribute, as timelines show it (issue 14, docs/decisions/026): the contact
 * and company timelines' `attribute_change` items and the conversation timeline's `attribute` event.
 */
export interface AttributeChangeFacts {
  key: string;
  label: string;
  labelJa: string | null;
  from: unknown;
  to: unknown;
}

/** A stored value as text: lists joined, checkboxes by the caller's words, empty as null. */
export function attributeValueText(value: unknown, yesNo: [string, string] = ["yes", "no"]): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (Array.isArray(value)) return value.length ? value.map(String).join(", ") : null;
  if (typeof value === "boolean") return value ? yesNo[0] : yesNo[1];
  return String(value);
}

/** The English line (API clients, logs): "Maya changed Plan from Free to Pro". */
export function englishAttributeChange(actor: string, c: AttributeChangeFacts): string {
  const from = attributeValueText(c.from);
  const to = attributeValueText(c.to);
  if (to === null) return `${actor} cleared ${c.label}`;
  if (from === null) return `${actor} set ${c.label} to ${to}`;
  return `${actor} changed ${c.label} from ${from} to ${to}`;
}
