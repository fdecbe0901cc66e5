import { Prisma } from "~/server/db/generated/client.ts";
import type { Db } from "~/server/db/client.ts";
import { isAdmin, visibleContactSql, type Actor } from "~/server/domain/access.ts";
import type { SearchHitKind } from "~/common/vocabulary.ts";
import type { IndexHit, IndexQuery, SearchFilters, SearchIndex } from "./search-index.ts";

/**
 * SearchIndex on the SearchEntry table (migration 20261202100000_search_index): the GIN index over
 * the lexemes finds candidates, `LIKE` on the folded body then checks each term exactly, so a
 * Japanese query of any length finds exactly what a substring search would. Same SQL on PostgreSQL
 * and PGlite; the search_* functions live in the migration so the triggers and the queries share them.
 */
export function postgresSearchIndex(db: Db, walk: Walk = { first: 1_000, cap: 50_000 }): SearchIndex {
  return {
    async search(query) {
      if (query.include.length === 0) return filtered(db, query);
      const candidates = Prisma.join(
        query.include.map((t) => Prisma.sql`search_query(${t})`),
        " && ",
      );
      const terms = [...query.include.map((t) => Prisma.sql`e.body LIKE search_like(${t})`), ...excluded(query.exclude)];
      // The exact checks first: a walked entry's body is read in place, its lexemes are decompressed
      // (≈ 20 % of the walk's time). The GIN index takes the @@ condition wherever it stands.
      const where = Prisma.join(
        [...terms, Prisma.sql`e.lexemes @@ (${candidates})`, visible(query.actor), ...filters(query.filters)],
        " AND ",
      );
      if (query.sort === "newest") return newest(db, query, where, walk);
      const order = Prisma.sql`rank DESC, "createdAt" DESC, "conversationId" DESC`;
      const rows = await db.$queryRaw<Row[]>`
        -- One row per conversation: its best message hit (the subject only when no message matches).
        WITH hits AS (
          SELECT DISTINCT ON (e."conversationId") e."conversationId", e."messageId", e.kind, e."createdAt",
            ts_rank(e.lexemes, ${candidates}) AS rank, count(*) OVER (PARTITION BY e."conversationId")::int AS "hitCount"
          FROM "SearchEntry" e JOIN "Conversation" c ON c.id = e."conversationId"
          WHERE ${where}
          ORDER BY e."conversationId", e."messageId" IS NULL, ts_rank(e.lexemes, ${candidates}) DESC, e."createdAt" DESC
        )
        SELECT "conversationId", "messageId", kind, "createdAt", "hitCount" FROM hits
        ORDER BY ${order}
        LIMIT ${query.limit + 1} OFFSET ${query.offset}`;
      return {
        hits: rows.slice(0, query.limit).map((r) => ({ ...r, kind: r.kind as SearchHitKind })),
        more: rows.length > query.limit,
      };
    },
    async contacts({ text, phone, limit }) {
      // The generated searchLexemes columns (migration 20261203160000_contact_search) are GIN-indexed;
      // LIKE on the folded value then checks the text exactly, as for messages.
      const rows = await db.$queryRaw<{ id: string }[]>`
        WITH q AS (SELECT search_query(${text}) AS tq, search_like(${text}) AS pat),
        found AS (
          SELECT k.id FROM "Contact" k, q WHERE k."searchLexemes" @@ q.tq AND search_fold(k.name) LIKE q.pat
          UNION
          SELECT i."contactId" FROM "ContactIdentity" i, q WHERE i."searchLexemes" @@ q.tq AND search_fold(i.address) LIKE q.pat
          UNION
          SELECT i."contactId" FROM "ContactIdentity" i WHERE i.kind = 'phone' AND i.address = ${phone}
          UNION
          SELECT k.id FROM "Company" co JOIN "Contact" k ON k."companyId" = co.id, q
          WHERE co."searchLexemes" @@ q.tq AND search_fold(co.name) LIKE q.pat
        )
        SELECT k.id FROM "Contact" k JOIN found f ON f.id = k.id
        WHERE k."mergedIntoId" IS NULL
        ORDER BY k."createdAt" DESC, k.id DESC
        LIMIT ${limit}`;
      return rows.map((r) => r.id);
    },
    async documents({ actor, include, exclude, contactId, companyId, limit }) {
      if (include.length === 0) return [];
      // Document.searchLexemes / searchBody (migration 20261204140000_document_search), the same
      // candidate lookup and exact LIKE check as for messages.
      const where = [
        Prisma.sql`d."searchLexemes" @@ (${Prisma.join(
          include.map((t) => Prisma.sql`search_query(${t})`),
          " && ",
        )})`,
        ...include.map((t) => Prisma.sql`d."searchBody" LIKE search_like(${t})`),
        ...exclude.map((t) => Prisma.sql`NOT (d."searchLexemes" @@ search_query(${t}) AND d."searchBody" LIKE search_like(${t}))`),
        Prisma.sql`(d."contactId" IS NULL OR ${visibleContactSql(actor, Prisma.raw("k"))})`,
      ];
      if (contactId) where.push(Prisma.sql`d."contactId" = ${contactId}`);
      if (companyId) where.push(Prisma.sql`(d."companyId" = ${companyId} OR k."companyId" = ${companyId})`);
      const rows = await db.$queryRaw<{ id: string }[]>`
        SELECT d.id FROM "Document" d LEFT JOIN "Contact" k ON k.id = d."contactId"
        WHERE ${Prisma.join(where, " AND ")}
        ORDER BY d."updatedAt" DESC, d.id DESC
        LIMIT ${limit}`;
      return rows.map((r) => r.id);
    },
  };
}

type Row = Omit<IndexHit, "kind"> & { kind: string };

/** The newest-first walk's first window and how many entries it reads before it takes the GIN index. */
export interface Walk {
  first: number;
  cap: number;
}

/**
 * Newest first, without computing every hit. A conversation's place is its newest hit, so walking the
 * matching entries newest first and keeping each conversation's first appearance gives the exact page
 * as soon as enough conversations are known; hitCount is then counted for the page's conversations only.
 *
 * The walk reads the SearchEntry (createdAt DESC, id DESC) index in windows and checks the terms on
 * each entry of a window (about 2.5 µs an entry), so a common term costs a few thousand entries. Left
 * to itself the planner often takes the GIN candidates instead and sorts them all: it multiplies the
 * selectivities of a term's character pairs as if they were independent (文字化け: 54 estimated, 93,203
 * actual, 1.5 s at 1,000,000 messages). The first window's hit rate tells how far the page is: when
 * the walk would pass `walk.cap` entries, the term is rare and the rest comes from the GIN index,
 * limited to the entries older than the walk. A customer's or company's history is small: the planner
 * reads it through the conversation or GIN index as it sees fit.
 */
async function newest(db: Db, query: IndexQuery, where: Prisma.Sql, walk: Walk) {
  const need = query.offset + query.limit + 1;
  const first = new Map<string, Omit<Row, "hitCount">>();
  const take = (rows: Omit<Row, "hitCount">[]) => {
    for (const r of rows) {
      const known = first.get(r.conversationId);
      // A message hit stands for its conversation rather than the subject, as with relevance; the
      // conversation keeps its place (a Map keeps a key's first position).
      if (!known || (known.messageId === null && r.messageId !== null)) first.set(r.conversationId, r);
    }
  };
  const select = Prisma.sql`SELECT e."conversationId", e."messageId", e.kind, e."createdAt"`;
  const order = Prisma.sql`ORDER BY e."createdAt" DESC, e.id DESC`;

  // The planner's own plan (the GIN index for a rare term), in growing batches from the newest,
  // for entries that also meet `bound`.
  const batches = async (bound: Prisma.Sql) => {
    for (let batch = need * 8; ; batch *= 8) {
      const rows = await db.$queryRaw<Omit<Row, "hitCount">[]>`
        ${select} FROM "SearchEntry" e JOIN "Conversation" c ON c.id = e."conversationId"
        WHERE ${where} AND ${bound} ${order} LIMIT ${batch}`;
      take(rows);
      if (first.size >= need || rows.length < batch) return;
    }
  };

  if (scoped(query.filters)) {
    await batches(Prisma.sql`TRUE`);
  } else {
    // The walk's position: entries before it (newer, or the same time and a greater id) are read.
    let before: { createdAt: Date; id: string } | null = query.filters.to ? { createdAt: query.filters.to, id: "" } : null;
    const older = (alias: string) =>
      before
        ? Prisma.sql`(${Prisma.raw(alias)}."createdAt", ${Prisma.raw(alias)}.id) < (${before.createdAt.toISOString()}::timestamptz AT TIME ZONE 'UTC', ${before.id})`
        : Prisma.sql`TRUE`;
    let walked = 0;
    let window = walk.first;
    for (;;) {
      const [edge] = await db.$queryRaw<{ createdAt: Date; id: string }[]>`
        SELECT s."createdAt", s.id FROM "SearchEntry" s WHERE ${older("s")}
        ORDER BY s."createdAt" DESC, s.id DESC OFFSET ${window - 1} LIMIT 1`;
      // LIMIT keeps the window a subquery of its own: the terms are checked on its entries.
      const rows = await db.$queryRaw<Omit<Row, "hitCount">[]>`
        ${select} FROM (SELECT * FROM "SearchEntry" s WHERE ${older("s")}
          ORDER BY s."createdAt" DESC, s.id DESC LIMIT ${window}) e
        JOIN "Conversation" c ON c.id = e."conversationId"
        WHERE ${where} ${order}`;
      take(rows);
      walked += window;
      // Done: the page is known, or no entry (in the period) is left.
      if (first.size >= need || !edge || (query.filters.from && edge.createdAt < query.filters.from)) break;
      before = edge;
      const rate = first.size / walked;
      const projected = rate > 0 ? (need - first.size) / rate : Number.POSITIVE_INFINITY;
      if (walked + projected > walk.cap) {
        // Rare: the GIN index's candidates older than the walk.
        await batches(older("e"));
        break;
      }
      window = Math.min(walk.cap - walked, Math.max(walk.first, Math.ceil(projected * 1.5)));
    }
  }

  const found = [...first.values()].slice(query.offset, need).map((r) => ({ ...r, hitCount: 0 }));
  const page = found.slice(0, query.limit);
  if (page.length > 0) {
    // The page's conversations' own entries, checked one by one (OFFSET 0: not through the GIN index).
    const counts = await db.$queryRaw<{ conversationId: string; n: number }[]>`
      SELECT e."conversationId", count(*)::int AS n
      FROM (SELECT * FROM "SearchEntry" s WHERE s."conversationId" IN (${Prisma.join(page.map((h) => h.conversationId))}) OFFSET 0) e
      JOIN "Conversation" c ON c.id = e."conversationId"
      WHERE ${where}
      GROUP BY 1`;
    const byId = new Map(counts.map((c) => [c.conversationId, c.n]));
    for (const h of page) h.hitCount = byId.get(h.conversationId) ?? 1;
  }
  return { hits: page.map((r) => ({ ...r, kind: r.kind as SearchHitKind })), more: found.length > query.limit };
}

const scoped = (f: SearchFilters) => Boolean(f.contactId || f.companyId);

const excluded = (terms: string[]) => terms.map((t) => Prisma.sql`NOT (e.lexemes @@ search_query(${t}) AND e.body LIKE search_like(${t}))`);

/**
 * No terms: every visible conversation with an entry matching the filters (from/to: an entry in the
 * period), newest entry first; the hit is its latest customer message (the subject when it has none).
 */
async function filtered(db: Db, query: IndexQuery) {
  const where = Prisma.join([visible(query.actor), ...filters(query.filters), ...excluded(query.exclude)], " AND ");
  const rows = await db.$queryRaw<Omit<IndexHit, "kind">[]>`
    WITH hits AS (
      SELECT DISTINCT ON (e."conversationId") e."conversationId", e."createdAt",
        count(*) OVER (PARTITION BY e."conversationId")::int AS "hitCount"
      FROM "SearchEntry" e JOIN "Conversation" c ON c.id = e."conversationId"
      WHERE ${where}
      ORDER BY e."conversationId", e."createdAt" DESC
    )
    SELECT h."conversationId", h."createdAt", h."hitCount",
      (SELECT m.id FROM "Message" m WHERE m."conversationId" = h."conversationId" AND m.direction = 'inbound' AND m.kind = 'message'
        ORDER BY m."createdAt" DESC, m.id DESC LIMIT 1) AS "messageId"
    FROM hits h
    ORDER BY h."createdAt" DESC, h."conversationId" DESC
    LIMIT ${query.limit + 1} OFFSET ${query.offset}`;
  return {
    hits: rows.slice(0, query.limit).map((r): IndexHit => ({ ...r, kind: r.messageId ? "message" : "subject" })),
    more: rows.length > query.limit,
  };
}

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
  if (f.attributes) out.push(f.attributes);
  return out;
}
