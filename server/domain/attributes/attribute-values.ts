import type { AttributeType } from "~/common/vocabulary.ts";
import { badRequest } from "~/server/lib/errors.ts";

/** What validation needs of a definition. */
export interface AttributeRule {
  key: string;
  label: string;
  type: string;
  options: string[];
}

export type AttributeValue = string | number | boolean | string[];

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * One value checked and normalised against its definition, or the reason it is wrong. Dates are
 * calendar days `YYYY-MM-DD`; numbers are finite (numeric strings from forms and CSV are accepted);
 * URLs are http(s); selects take only their options; text is NFKC-normalised and trimmed.
 */
export function checkAttributeValue(rule: AttributeRule, raw: unknown): { value: AttributeValue } | { error: string } {
  const type = rule.type as AttributeType;
  switch (type) {
    case "text": {
      if (typeof raw !== "string" && typeof raw !== "number") return { error: "expects text" };
      const text = String(raw).normalize("NFKC").trim();
      if (text.length > 2000) return { error: "is longer than 2000 characters" };
      return { value: text };
    }
    case "number": {
      const n =
        typeof raw === "number"
          ? raw
          : typeof raw === "string" && raw.trim() !== ""
            ? Number(raw.normalize("NFKC").replace(/,/g, ""))
            : Number.NaN;
      return Number.isFinite(n) ? { value: n } : { error: "expects a number" };
    }
    case "date": {
      if (typeof raw !== "string" || !DATE_RE.test(raw)) return { error: "expects a date (YYYY-MM-DD)" };
      const d = new Date(`${raw}T00:00:00Z`);
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === raw ? { value: raw } : { error: "expects a date (YYYY-MM-DD)" };
    }
    case "checkbox":
      if (typeof raw === "boolean") return { value: raw };
      if (raw === "true" || raw === "false") return { value: raw === "true" };
      return { error: "expects true or false" };
    case "url": {
      if (typeof raw !== "string") return { error: "expects a URL" };
      try {
        const url = new URL(raw.trim());
        return url.protocol === "http:" || url.protocol === "https:" ? { value: url.toString() } : { error: "expects an http(s) URL" };
      } catch {
        return { error: "expects a URL" };
      }
    }
    case "single_select":
      return typeof raw === "string" && rule.options.includes(raw)
        ? { value: raw }
        : { error: `expects one of ${rule.options.join(", ")}` };
    case "multi_select": {
      if (!Array.isArray(raw) || raw.some((v) => typeof v !== "string" || !rule.options.includes(v))) {
        return { error: `expects a list of ${rule.options.join(", ")}` };
      }
      return { value: [...new Set(raw as string[])] };
    }
    default:
      return { error: `has an unknown type ${rule.type}` };
  }
}

/**
 * A patch of values by key checked against the definitions the actor may use: every problem named
 * by attribute in one 400. `null` (or "") clears a value and stays in the result as null.
 */
export function checkAttributePatch(rules: AttributeRule[], raw: unknown): Record<string, AttributeValue | null> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw badRequest("attributes: expects an object of values by key");
  const byKey = new Map(rules.map((r) => [r.key, r]));
  const out: Record<string, AttributeValue | null> = {};
  const problems: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    const rule = byKey.get(key);
    if (!rule) {
      problems.push(`attribute ${key}: no such attribute`);
      continue;
    }
    if (value === null || value === "") {
      out[key] = null;
      continue;
    }
    const checked = checkAttributeValue(rule, value);
    if ("error" in checked) problems.push(`attribute ${key} (${rule.label}): ${checked.error}`);
    else out[key] = checked.value;
  }
  if (problems.length) throw badRequest(problems.join("; "), { attributes: problems });
  return out;
}

/** Stored values after a patch: nulls removed. */
export function applyAttributePatch(current: unknown, patch: Record<string, AttributeValue | null>): Record<string, AttributeValue> {
  const base =
    typeof current === "object" && current !== null && !Array.isArray(current) ? (current as Record<string, AttributeValue>) : {};
  const next: Record<string, AttributeValue> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete next[key];
    else next[key] = value;
  }
  return next;
}
