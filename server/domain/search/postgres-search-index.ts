import { Prisma } from "~/server/db/generated/client.ts";
import type { Db } from "~/server/db/client.ts";
import { isAdmin, type Actor } from "~/server/domain/access.ts";
import type { SearchHitKind } from "~/common/vocabulary.ts";
import type { IndexHit, SearchFilters, SearchIndex } from "./search-index.ts";

/**
 * SearchIndex on the SearchEntry table (migration 20261202100000_search_index): the GIN index over
 * the lexemes finds candidates, `LIKE` on the folded body then checks each term exactly, so a
 * Japanese query of any length finds exactly what a substring search would. Same SQL on PostgreSQL
 * and PGlite; the search_* functions live in the migration so the triggers and the queries share them.
 */
export function postgresSearchIndex(db: Db): SearchIndex {
  return {
    async search(query) {
      if (query.include.length === 0) return { hits: [], more: false };
      const candidates = Prisma.join(
        query.include.map((t) => Prisma.sql`search_query(${t})`),
        " && ",
      );
      const terms = [
        ...query.include.map((t) => Prisma.sql`e.body LIKE search_like(${t})`),
        ...query.exclude.map((t) => Prisma.sql`NOT (e.lexemes @@ search_query(${t}) AND e.body LIKE search_like(${t}))`),
      ];
      const where = Prisma.join(
        [Prisma.sql`e.lexemes @@ (${candidates})`, ...terms, visible(query.actor), ...filters(query.filters)],
        " AND ",
      );
      const order =
        query.sort === "newest"
          ? Prisma.sql`"createdAt" DESC, "conversationId" DESC`
          : Prisma.sql`rank DESC, "createdAt" DESC, "conversationId" DESC`;
      const rows = await db.$queryRaw<Row[]>`
        -- One row per conversation: its best message hit (the subject only when no message matches).
        WITH hits AS (
          SELECT DISTINCT ON (e."conversationId") e."conversationId", e."messageId", e.kind, e."createdAt",
            ts_rank(e.lexemes, ${candidates}) AS rank, count(*) OVER (PARTITION BY e."conversationId")::int AS "hitCount"
          FROM "SearchEntry" e JOIN "Conversation" c ON c.id = e."conversationId"
          WHERE ${where}
          ORDER BY e."conversationId", e."messageId" IS NULL, ${query.sort === "newest" ? Prisma.sql`e."createdAt" DESC` : Prisma.sql`ts_rank(e.lexemes, ${candidates}) DESC, e."createdAt" DESC`}
        )
        SELECT "conversationId", "messageId", kind, "createdAt", "hitCount" FROM hits
        ORDER BY ${order}
        LIMIT ${query.limit + 1} OFFSET ${query.offset}`;
      return {
        hits: rows.slice(0, query.limit).map((r) => ({ ...r, kind: r.kind as SearchHitKind })),
        more: rows.length > query.limit,
      };
    },
  };
}

type Row = Omit<IndexHit, "kind"> & { kind: string };

/** visibleConversationWhere (access.ts) in SQL: restricted departments only for members and admins. */
function visible(actor: Actor) {
  if (isAdmin(actor)) return Prisma.sql`TRUE`;
  const mine = actor.departmentIds.length ? Prisma.sql`OR c."departmentId" IN (${Prisma.join(actor.departmentIds)})` : Prisma.empty;
  return Prisma.sql`(c."departmentId" IS NULL ${mine}
    OR EXISTS (SELECT 1 FROM "Department" d WHERE d.id = c."departmentId" AND NOT d.restricted))`;
}

function filters(f: SearchFilters) {
  const out: Prisma.Sql[] = [];
  if (f.channel) out.push(Prisma.sql`EXISTS (SELECT 1 FROM "Inbox" i WHERE i.id = c."inboxId" AND i.kind = ${f.channel})`);
  if (f.status) out.push(Prisma.sql`c.status::text = ${f.status}`);
  if (f.departmentId) out.push(Prisma.sql`c."departmentId" = ${f.departmentId}`);
  if (f.assigneeId) out.push(Prisma.sql`c."assigneeId" = ${f.assigneeId}`);
  if (f.tag) out.push(Prisma.sql`${f.tag} = ANY(c.tags)`);
  if (f.contactId) out.push(Prisma.sql`c."contactId" = ${f.contactId}`);
  if (f.companyId) out.push(Prisma.sql`EXISTS (SELECT 1 FROM "Contact" k WHERE k.id = c."contactId" AND k."companyId" = ${f.companyId})`);
  if (f.from) out.push(Prisma.sql`e."createdAt" >= ${f.from}`);
  if (f.to) out.push(Prisma.sql`e."createdAt" < ${f.to}`);
  return out;
}
