import type { ImportRowAction } from "~/common/vocabulary.ts";
import { type AttributeRule, type AttributeValue, checkAttributePatch } from "~/server/domain/attributes/attribute-values.ts";
import { AppError } from "~/server/lib/errors.ts";

/** What happened (or, in a dry run, would happen) to one row, and why. */
export interface RowOutcome {
  row: number;
  action: ImportRowAction;
  /** Who the row is about: a name, else an email or phone. */
  label: string;
  /** Fields set or changed (create, update). */
  changes?: string[];
  /** Why the row was rejected. */
  reason?: string;
}

/** Processes a batch of records, writing nothing when the run is a dry run. */
export type BatchImporter = (rows: { row: number; fields: string[] }[]) => Promise<RowOutcome[]>;

/** The trimmed cell of a target, "" when the target is not mapped. */
export const cellOf = (columns: Map<string, number>, fields: string[]) => (target: string) => {
  const index = columns.get(target);
  return index === undefined ? "" : (fields[index] ?? "").trim();
};

const TRUE = new Set(["true", "yes", "y", "1", "はい", "○", "✓"]);
const FALSE = new Set(["false", "no", "n", "0", "いいえ", "×", "-"]);

/** A cell as the attribute's type reads it: lists split on , ; 、 and yes/no words as booleans. */
function cellValue(rule: AttributeRule, cell: string): unknown {
  if (rule.type === "multi_select")
    return cell
      .split(/[,;、]/u)
      .map((v) => v.trim())
      .filter(Boolean);
  if (rule.type === "checkbox") {
    const word = cell.normalize("NFKC").toLowerCase();
    return TRUE.has(word) ? true : FALSE.has(word) ? false : cell;
  }
  return cell;
}

/**
 * The row's attribute values checked by the one attribute check (checkAttributePatch, behind
 * validateAttributeValues) against the definitions loaded once per import; empty cells leave a value as
 * it is. Returns the problems as the row's reason.
 */
export function rowAttributes(
  columns: Map<string, number>,
  rules: AttributeRule[],
  fields: string[],
): { patch: Record<string, AttributeValue> } | { reason: string } {
  const cell = cellOf(columns, fields);
  const raw: Record<string, unknown> = {};
  for (const rule of rules) {
    const value = cell(`attributes.${rule.key}`);
    if (value !== "") raw[rule.key] = cellValue(rule, value);
  }
  try {
    return { patch: checkAttributePatch(rules, raw) as Record<string, AttributeValue> };
  } catch (err) {
    if (err instanceof AppError) return { reason: err.message };
    throw err;
  }
}

/** The keys whose value the patch changes, as `attributes.<key>`. */
export function changedAttributes(current: unknown, patch: Record<string, AttributeValue>) {
  const stored = (current ?? {}) as Record<string, unknown>;
  return Object.keys(patch).filter((k) => JSON.stringify(stored[k]) !== JSON.stringify(patch[k]));
}
