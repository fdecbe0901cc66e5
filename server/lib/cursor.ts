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

/**
 * Rows after the cursor in `ORDER BY <field> DESC, id DESC`. The OR alone is no index range (the
 * planner filters every newer row away: issue 18), so the redundant `<field> <= at` bound starts
 * the index scan at the cursor; the OR then only breaks ties on `at`. Callers keep that ORDER BY,
 * which the (…, field DESC, id DESC) indexes serve.
 */
export function afterCursor<Where extends { AND?: unknown; OR?: unknown; id?: unknown }>(
  field: keyof Where & string,
  cursor: { at: Date; id: string } | null,
): Where {
  if (!cursor) return {} as Where;
  return {
    AND: [{ [field]: { lte: cursor.at } }, { OR: [{ [field]: { lt: cursor.at } }, { [field]: cursor.at, id: { lt: cursor.id } }] }],
  } as Where;
}

export function clampLimit(limit: unknown, fallback = 25, max = 100): number {
  const n = Number(limit ?? fallback);
  if (!Number.isFinite(n) || n < 1) return fallback;
  return Math.min(Math.floor(n), max);
}
