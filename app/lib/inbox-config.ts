import type { ConfigField } from "~/common/channel-info.ts";

/**
 * Turns the admin form's inputs into the config object the channel's own schema validates
 * (server/domain/admin/create-inbox.ts), following the channel's form fields. Only shaping happens
 * here: empty optional values are left out, a nested block (smtp.*) is left out unless its required
 * fields are filled, checkboxes become booleans, numbers stay strings for the schema to coerce, and
 * required top-level values stay (empty) so the schema names what is missing. When editing, `kept`
 * names the stored secrets the admin did not replace: they count as filled, and the server puts their
 * stored value back (server/domain/admin/update-inbox.ts).
 */
type Fields = { get(name: string): FormDataEntryValue | null };

function str(form: Fields, name: string): string | undefined {
  const v = form.get(name);
  return typeof v === "string" && v.trim() !== "" ? v.trim() : undefined;
}

function value(field: ConfigField, form: Fields, topLevel: boolean): unknown {
  if (field.type === "checkbox") return form.get(field.name) === "on";
  if (field.list) {
    return (str(form, field.name) ?? "")
      .split(/[\s,]+/)
      .map((v) => v.trim())
      .filter(Boolean);
  }
  return str(form, field.name) ?? (topLevel && field.required ? "" : undefined);
}

export function buildInboxConfig(fields: readonly ConfigField[], form: Fields, kept: readonly string[] = []): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  const blocks = new Map<string, { fields: ConfigField[]; values: Record<string, unknown> }>();
  for (const field of fields) {
    const dot = field.path.indexOf(".");
    if (dot < 0) {
      const v = value(field, form, true);
      if (v !== undefined) config[field.path] = v;
      continue;
    }
    const key = field.path.slice(0, dot);
    const block = blocks.get(key) ?? { fields: [], values: {} };
    blocks.set(key, block);
    block.fields.push(field);
    const v = value(field, form, false);
    if (v !== undefined) block.values[field.path.slice(dot + 1)] = v;
  }
  for (const [key, block] of blocks) {
    const filled = block.fields.every(
      (f) => !f.required || kept.includes(f.path) || block.values[f.path.slice(key.length + 1)] !== undefined,
    );
    if (filled) config[key] = block.values;
  }
  return config;
}

/**
 * Editing: the config to send is the form's, plus the stored top-level keys no form field controls
 * (email's `delivery`, `fromNameStyle`), which would otherwise be lost because a PATCH replaces the
 * whole config.
 */
export function withUnlistedKeys(fields: readonly ConfigField[], stored: Record<string, unknown>, entered: Record<string, unknown>) {
  const listed = new Set(fields.map((f) => f.path.split(".")[0]));
  const kept = Object.entries(stored).filter(([key]) => !listed.has(key));
  return { ...Object.fromEntries(kept), ...entered };
}

/** The stored value of a field for the edit form: lists one per line, numbers as text. */
export function fieldValue(field: ConfigField, config: Record<string, unknown>): string | boolean | undefined {
  const value = field.path
    .split(".")
    .reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), config);
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.join("\n");
  if (typeof value === "boolean") return value;
  return String(value);
}
