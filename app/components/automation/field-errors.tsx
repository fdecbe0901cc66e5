/**
 * The server's 400s name the bad field ("conditions.0.values: unknown id; name: …", see
 * server/lib/errors.ts): split per path so each message shows next to its own field.
 */
export interface FieldErrors {
  /** The messages for exactly this path or any path under it. */
  at(path: string): string | undefined;
  /** The messages for exactly this path. */
  only(path: string): string | undefined;
  /** Messages that name no field the editor shows. */
  rest: string[];
}

export function parseFieldErrors(message: string | undefined, shownPaths: (path: string) => boolean): FieldErrors {
  const byPath = new Map<string, string[]>();
  const rest: string[] = [];
  for (const part of (message ?? "").split("; ").filter(Boolean)) {
    const match = /^(?:Invalid [^:]+: )?([\w.]+): (.*)$/s.exec(part);
    if (match && shownPaths(match[1]!)) byPath.set(match[1]!, [...(byPath.get(match[1]!) ?? []), match[2]!]);
    else rest.push(part);
  }
  return {
    at: (path) => {
      const found = [...byPath].filter(([p]) => p === path || p.startsWith(`${path}.`)).flatMap(([, m]) => m);
      return found.length ? found.join("; ") : undefined;
    },
    only: (path) => byPath.get(path)?.join("; "),
    rest,
  };
}

/** A field's message and the id its aria-describedby points at (none while it has no message). */
export function fieldError(errors: FieldErrors, prefix: string, path: string): { id: string | undefined; message: string | undefined } {
  const message = errors.only(path);
  return { id: message ? `${prefix}-${path}-error` : undefined, message };
}

export const noFieldErrors: FieldErrors = { at: () => undefined, only: () => undefined, rest: [] };

/** The message next to a field; `id` is what the field's aria-describedby points at. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <span className="field-error" id={id} role="alert">
      {message}
    </span>
  );
}

/** The server's messages that name no field the form shows, above the form. */
export function OtherFieldErrors({ errors }: { errors: FieldErrors }) {
  return errors.rest.length ? (
    <div className="alert error" role="alert">
      {errors.rest.join("; ")}
    </div>
  ) : null;
}
