import type { Request } from "express";
import { z } from "zod";

/** `cursor` and `limit` from a query string, untrusted until the domain clamps and decodes them. */
export function pageQuery(req: Request) {
  const cursor = typeof req.query.cursor === "string" && req.query.cursor ? req.query.cursor : null;
  const limit = typeof req.query.limit === "string" ? Number(req.query.limit) : undefined;
  return { cursor, limit };
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** Optional string query parameters, for the API document (the handlers read them with the helpers above). */
export const queryParams = (...names: string[]) => z.object(Object.fromEntries(names.map((name) => [name, z.string().optional()])));

/**
 * The JSON body with the URL's ids added, for flows whose schema names the conversation itself. A body
 * that is not an object is passed on as it is, for the schema to reject.
 */
export function withPathIds(body: unknown, ids: Record<string, string>): unknown {
  const value = body ?? {};
  return typeof value === "object" && !Array.isArray(value) ? { ...value, ...ids } : value;
}
