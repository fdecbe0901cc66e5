import type { AppContext } from "~/server/context.ts";
import { Prisma } from "~/server/db/generated/client.ts";
import { readingKeys, romanizeKana } from "./romanize-kana.ts";

/** One scan reads every live contact: 100,000 of them take seconds, so the default 15 s bound is not the scan's. */
const SCAN_TRANSACTION = { maxWait: 30_000, timeout: 5 * 60_000 };
/** A key shared by more contacts than this is not one person (a shared front-desk number, "Tanaka" at a big firm). */
const MAX_GROUP = 20;

// foldLatin (romanize-kana.ts) in SQL: the same steps, in the same order.
const fold = (expr: Prisma.Sql) => Prisma.sql`replace(replace(replace(regexp_replace(
  regexp_replace(lower(normalize(${expr}, NFKC)), '[^a-z]', '', 'g'), 'oh([^aeiouy]|$)', 'o\\1', 'g'), 'ou', 'o'), 'oo', 'o'), 'uu', 'u')`;
// Contacts still in use. Joined as the table (its primary key), never as a materialised CTE: with
// statistics behind a bulk load the planner takes a few rows for many, and a nested loop over a CTE
// has no index, so it grew with the square of the contacts (20,000 took 11 s).
const live = Prisma.sql`c."mergedIntoId" IS NULL AND c."erasedAt" IS NULL`;
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

  // Fresh statistics first: the scan joins every contact to its identities, and planned from a count
  // taken before a bulk load (PGlite has no autovacuum to take another) those joins become nested loops.
  await ctx.db.$executeRawUnsafe(`ANALYZE "Contact", "ContactIdentity"`);

  // The scan's time from here, not now(): the column keeps milliseconds, so a rounded-down now() would
  // be older than now() itself and the DELETE below would drop every pair just found.
  const scannedAt = new Date();
  return ctx.db.$transaction(async (tx) => {
    // One scan at a time (an import's refresh, the timer, an admin's refresh, on any node): two at once
    // would each drop the pairs the other just wrote as "no longer found".
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('switchboard:duplicate-scan'))`;
    const [{ pairs }] = await tx.$queryRaw<{ pairs: number }[]>`
      WITH keys AS (
        SELECT i."contactId" AS id, 'phone' AS reason, 'id' AS src,
          CASE WHEN d LIKE '0%' THEN '81' || substr(d, 2) ELSE d END AS key
        FROM (SELECT i."contactId", regexp_replace(normalize(i.address, NFKC), '[^0-9]', '', 'g') AS d
              FROM "ContactIdentity" i JOIN "Contact" c ON c.id = i."contactId" AND ${live} WHERE i.kind = 'phone') i
        WHERE length(d) >= 8
        UNION
        SELECT i."contactId", 'email', 'id',
          regexp_replace(split_part(lower(normalize(i.address, NFKC)), '@', 1), '\\+.*$', '') || '@' || split_part(lower(normalize(i.address, NFKC)), '@', 2)
        FROM "ContactIdentity" i JOIN "Contact" c ON c.id = i."contactId" AND ${live} WHERE i.kind = 'email' AND i.address LIKE '%@%'
        UNION
        SELECT c.id, 'name', 'name', c."companyId" || ':' || regexp_replace(lower(normalize(c.name, NFKC)), '\\s', '', 'g')
        FROM "Contact" c WHERE ${live} AND c."companyId" IS NOT NULL
        UNION
        SELECT c.id, 'name', 'name', c."companyId" || ':' || array_to_string(ARRAY(
          SELECT w FROM unnest(regexp_split_to_array(lower(normalize(c.name, NFKC)), '\\s+')) w ORDER BY w), '')
        FROM "Contact" c WHERE ${live} AND c."companyId" IS NOT NULL AND normalize(c.name, NFKC) ~ '\\S\\s+\\S'
        UNION
        SELECT c.id, 'reading', 'latin', c."companyId" || ':' || k.key
        FROM "Contact" c CROSS JOIN LATERAL (VALUES (${fold(Prisma.sql`c.name`)}), (${fold(Prisma.sql`${word(2)} || ${word(1)}`)})) k(key)
        WHERE ${live} AND c."companyId" IS NOT NULL AND normalize(c.name, NFKC) ~ '^[A-Za-z][A-Za-z .''-]*$'
          AND (k.key <> '' AND (${word(3)} = '' OR k.key = ${fold(Prisma.sql`c.name`)}))
        UNION
        SELECT r.id, 'reading', 'reading', r.key FROM unnest(${readingIds}::text[], ${readingKeyList}::text[]) r(id, key)
      ),
      -- Each key's contacts are gathered once (a hash aggregate over the keys) and the pairs come from
      -- within each small group, so the scan stays linear in the keys: a self-join of the keys needs
      -- fresh statistics to be planned as a hash join, and right after a bulk import it may have none.
      groups AS (
        SELECT reason, array_agg(id) AS ids, array_agg(src) AS srcs
        FROM keys GROUP BY reason, key HAVING count(DISTINCT id) BETWEEN 2 AND ${MAX_GROUP}
      ),
      found AS (
        SELECT x.id AS a, y.id AS b, array_agg(DISTINCT g.reason ORDER BY g.reason) AS reasons
        FROM groups g
        CROSS JOIN LATERAL unnest(g.ids, g.srcs) x(id, src)
        CROSS JOIN LATERAL unnest(g.ids, g.srcs) y(id, src)
        WHERE x.id < y.id AND (g.reason <> 'reading' OR x.src = 'reading' OR y.src = 'reading')
        GROUP BY x.id, y.id
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
  }, SCAN_TRANSACTION);
}
