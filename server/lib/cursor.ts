import { badRequest } from "./errors.ts";

/** Opaque keyset cursor `(timestamp, id)` for newest-first pagination. */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`).toString("base64url");
}

export function decodeCursor(cursor: string | null | undefined): { at: Date; id: string } | null {
  if (!cursor) return null;
  const [iso, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const at = new Date(iso ?? "");
  if (!id || Number.isNaN(at.getTime())) throw badRequest("Invalid cursor");
  return { at, id };
}

export function clampLimit(limit: unknown, fallback = 25, max = 100): number {
  const n = Number(limit ?? fallback);
  if (!Number.isFinite(n) || n < 1) return fallback;
  return Math.min(Math.floor(n), max);
}
