import type { AppContext } from "~/server/context.ts";
import { Prisma } from "~/server/db/generated/client.ts";
import { readingKeys, romanizeKana } from "./romanize-kana.ts";

/** A key shared by more contacts than this is not one person (a shared front-desk number, "Tanaka" at a big firm). */
const MAX_GROUP = 20;

// foldLatin (romanize-kana.ts) in SQL: the same steps, in the same order.
const fold = (expr: Prisma.Sql) => Prisma.sql`replace(replace(replace(regexp_replace(
  regexp_replace(lower(normalize(${expr}, NFKC)), '[^a-z]', '', 'g'), 'oh([^aeiouy]|$)', 'o\\1', 'g'), 'ou', 'o'), 'oo', 'o'), 'uu', 'u')`;
const word = (n: number) => Prisma.sql`split_part(normalize(c.name, NFKC), ' ', ${n}::int)`;

/**
 * The duplicate scan (docs/decisions/023): every live contact gets normalised keys — its phones as
 * digits with Japan's trunk 0 made 81, its emails lower-cased without a +tag, and, within its company,
 * its name without spaces, its name's words in any order, and (Latin names and kana readings)
 * romanised and folded — and contacts sharing a key become a suggestion with the reasons they share.
 * Pairs come from a join on the keys in SQL, never a comparison of every contact with every other.
 * Dismissed pairs stay dismissed; pairs no longer found (merged, edited) disappear. Run after each
 * contact import, every 15 minutes when contacts changed, and on demand.
 */
export async function refreshDuplicates(ctx: Pick<AppContext, "db">) {
  // Readings are romanised here (a kana table, not SQL); only contacts in a company can match by name.
  const withReading = await ctx.db.contact.findMany({
    where: { nameReading: { not: null }, companyId: { not: null }, mergedIntoId: null, erasedAt: null },
    select: { id: true, companyId: true, nameReading: true },
  });
  const readingIds: string[] = [];
  const readingKeyList: string[] = [];
  for (const c of withReading) {
    for (const key of readingKeys(romanizeKana(c.nameReading!))) {
      readingIds.push(c.id);
      readingKeyList.push(`${c.companyId}:${key}`);
    }
  }

  // The scan's time from here, not now(): the column keeps milliseconds, so a rounded-down now() would
  // be older than now() itself and the DELETE below would drop every pair just found.
  const scannedAt = new Date();
  return ctx.db.$transaction(async (tx) => {
    // One scan at a time (an import's refresh, the timer, an admin's refresh, on any node): two at once
    // would each drop the pairs the other just wrote as "no longer found".
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('switchboard:duplicate-scan'))`;
    const [{ pairs }] = await tx.$queryRaw<{ pairs: number }[]>`
      WITH live AS (
        SELECT c.id, c.name, c."companyId" FROM "Contact" c WHERE c."mergedIntoId" IS NULL AND c."erasedAt" IS NULL
      ),
      keys AS (
        SELECT i."contactId" AS id, 'phone' AS reason, 'id' AS src,
          CASE WHEN d LIKE '0%' THEN '81' || substr(d, 2) ELSE d END AS key
        FROM (SELECT i."contactId", regexp_replace(normalize(i.address, NFKC), '[^0-9]', '', 'g') AS d
              FROM "ContactIdentity" i JOIN live ON live.id = i."contactId" WHERE i.kind = 'phone') i
        WHERE length(d) >= 8
        UNION
        SELECT i."contactId", 'email', 'id',
          regexp_replace(split_part(lower(normalize(i.address, NFKC)), '@', 1), '\\+.*$', '') || '@' || split_part(lower(normalize(i.address, NFKC)), '@', 2)
        FROM "ContactIdentity" i JOIN live ON live.id = i."contactId" WHERE i.kind = 'email' AND i.address LIKE '%@%'
        UNION
        SELECT c.id, 'name', 'name', c."companyId" || ':' || regexp_replace(lower(normalize(c.name, NFKC)), '\\s', '', 'g')
        FROM live c WHERE c."companyId" IS NOT NULL
        UNION
        SELECT c.id, 'name', 'name', c."companyId" || ':' || array_to_string(ARRAY(
          SELECT w FROM unnest(regexp_split_to_array(lower(normalize(c.name, NFKC)), '\\s+')) w ORDER BY w), '')
        FROM live c WHERE c."companyId" IS NOT NULL AND normalize(c.name, NFKC) ~ '\\S\\s+\\S'
        UNION
        SELECT c.id, 'reading', 'latin', c."companyId" || ':' || k.key
        FROM live c CROSS JOIN LATERAL (VALUES (${fold(Prisma.sql`c.name`)}), (${fold(Prisma.sql`${word(2)} || ${word(1)}`)})) k(key)
        WHERE c."companyId" IS NOT NULL AND normalize(c.name, NFKC) ~ '^[A-Za-z][A-Za-z .''-]*$'
          AND (k.key <> '' AND (${word(3)} = '' OR k.key = ${fold(Prisma.sql`c.name`)}))
        UNION
        SELECT r.id, 'reading', 'reading', r.key FROM unnest(${readingIds}::text[], ${readingKeyList}::text[]) r(id, key)
      ),
      groups AS (
        SELECT reason, key FROM keys GROUP BY reason, key HAVING count(DISTINCT id) BETWEEN 2 AND ${MAX_GROUP}
      ),
      found AS (
        SELECT a.id AS a, b.id AS b, array_agg(DISTINCT a.reason ORDER BY a.reason) AS reasons
        FROM keys a JOIN groups g ON g.reason = a.reason AND g.key = a.key
        JOIN keys b ON b.reason = a.reason AND b.key = a.key AND a.id < b.id
        WHERE a.reason <> 'reading' OR a.src = 'reading' OR b.src = 'reading'
        GROUP BY a.id, b.id
      ),
      upserted AS (
        INSERT INTO "DuplicateSuggestion" (id, "contactAId", "contactBId", reasons, "createdAt", "seenAt")
        SELECT gen_random_uuid()::text, a, b, reasons, ${scannedAt}, ${scannedAt} FROM found
        ON CONFLICT ("contactAId", "contactBId") DO UPDATE SET reasons = EXCLUDED.reasons, "seenAt" = EXCLUDED."seenAt"
        RETURNING 1
      )
      SELECT count(*)::int AS pairs FROM upserted`;
    await tx.$executeRaw`DELETE FROM "DuplicateSuggestion" WHERE "seenAt" < ${scannedAt} AND "dismissedAt" IS NULL`;
    return { pairs };
  });
}
