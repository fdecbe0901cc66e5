import { badRequest } from "~/server/lib/errors.ts";

/** A form field that carries a JSON document (the rule and macro editors send their whole draft as one). */
export function jsonField(form: FormData, name: string): unknown {
  try {
    return JSON.parse(String(form.get(name) ?? ""));
  } catch {
    throw badRequest(`${name}: expects JSON`);
  }
}
