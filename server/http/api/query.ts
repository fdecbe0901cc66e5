import type { Request } from "express";

/** `cursor` and `limit` from a query string, untrusted until the domain clamps and decodes them. */
export function pageQuery(req: Request) {
  const cursor = typeof req.query.cursor === "string" && req.query.cursor ? req.query.cursor : null;
  const limit = typeof req.query.limit === "string" ? Number(req.query.limit) : undefined;
  return { cursor, limit };
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}
