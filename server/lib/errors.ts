import type { z } from "zod";

/** A failure a user (or API client) can act on. Anything else is a bug and is logged, never shown. */
export type AppErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "stale"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "unavailable";

const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  stale: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
    this.status = STATUS[code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
export const forbidden = (why = "You are not allowed to do this") => new AppError("forbidden", why);
export const badRequest = (message: string, details?: Record<string, unknown>) => new AppError("bad_request", message, details);

/** "field: problem; other: problem" — zod issues as one readable sentence. */
export const describeIssues = (error: z.ZodError) => error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ");

/** Validates untrusted input against a schema, or throws a 400 that names every problem. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, what?: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw badRequest(what ? `Invalid ${what}: ${describeIssues(parsed.error)}` : describeIssues(parsed.error));
  return parsed.data;
}
