import type { ConfigField } from "~/common/channel-info.ts";

/**
 * Turns the admin form's inputs into the config object the channel's own schema validates
 * (server/domain/admin/create-inbox.ts), following the channel's form fields. Only shaping happens
 * here: empty optional values are left out, a nested block (smtp.*) is left out unless its required
 * fields are filled, checkboxes become booleans, numbers stay strings for the schema to coerce, and
 * required top-level values stay (empty) so the schema names what is missing.
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

export function buildInboxConfig(fields: readonly ConfigField[], form: Fields): Record<string, unknown> {
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
    const filled = block.fields.every((f) => !f.required || block.values[f.path.slice(key.length + 1)] !== undefined);
    if (filled) config[key] = block.values;
  }
  return config;
}
