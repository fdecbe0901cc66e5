import { z } from "zod";
import {
  type CustomerEntity,
  type CustomerFilter,
  type CustomerSort,
  customerEntitySchema,
  customerFilterSchema,
  customerSortSchema,
  EMPTY_FILTER,
} from "~/common/customer-filter.ts";
import type { AppContext } from "~/server/context.ts";
import { Prisma } from "~/server/db/generated/client.ts";
import { type Actor, visibleContactSql } from "~/server/domain/access.ts";
import { attributeVisibility } from "~/server/domain/attributes/validate-attribute-values.ts";
import type { AttributeValue } from "~/server/domain/attributes/attribute-values.ts";
import { badRequest, parseInput } from "~/server/lib/errors.ts";
import { clampLimit } from "~/server/lib/cursor.ts";
import { compileFilter, type FilterScope, lastContactAtSql, loadFilterScope, openConversationsSql, peopleSql } from "./compile-filter.ts";

/** A filter in a query string is JSON text; in a body it is the object itself. */
const filterInput = z.preprocess((v) => {
  if (typeof v !== "string") return v;
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}, customerFilterSchema);

export const listCustomersInput = z.object({
  entity: customerEntitySchema.default("contact"),
  filter: filterInput.default(EMPTY_FILTER),
  sort: customerSortSchema.default("createdAt"),
  dir: z.enum(["asc", "desc"]).default("desc"),
  cursor: z.string().max(500).nullish(),
  limit: z.coerce.number().optional(),
});
export type ListCustomersInput = z.input<typeof listCustomersInput>;

export interface CustomerRow {
  id: string;
  name: string;
  createdAt: string;
  lastContactAt: string | null;
  openConversations: number;
  attributes: Record<string, AttributeValue>;
  /** Contacts */
  company?: { id: string; name: string } | null;
  identities?: { kind: string; address: string }[];
  /** Companies */
  domains?: string[];
  people?: number;
}

interface RawRow {
  id: string;
  name: string;
  createdAt: Date;
  lastContactAt: Date | null;
  openConversations: number;
  attributes: unknown;
  companyId?: string | null;
  companyName?: string | null;
  domains?: string[] | null;
  people?: number;
}

/** Rows of the entity that match the compiled filter, as `r`, with the derived columns the table shows. */
function matching(scope: FilterScope, where: Prisma.Sql): Prisma.Sql {
  if (scope.entity === "contact") {
    return Prisma.sql`SELECT r."id", r."name", r."createdAt", r."attributes", r."companyId",
        (SELECT co."name" FROM "Company" co WHERE co."id" = r."companyId") AS "companyName",
        ${openConversationsSql(scope)} AS "openConversations", ${lastContactAtSql(scope)} AS "lastContactAt"
      FROM "Contact" r
      WHERE r."mergedIntoId" IS NULL AND ${visibleContactSql(scope.actor, Prisma.raw('"r"'))} AND ${where}`;
  }
  return Prisma.sql`SELECT r."id", r."name", r."createdAt", r."attributes",
      (SELECT COALESCE(array_agg(d."domain" ORDER BY d."domain"), '{}') FROM "CompanyDomain" d WHERE d."companyId" = r."id") AS "domains",
      ${peopleSql(scope)} AS "people",
      ${openConversationsSql(scope)} AS "openConversations", ${lastContactAtSql(scope)} AS "lastContactAt"
    FROM "Company" r
    WHERE ${where}`;
}

// A never-contacted customer sorts as the oldest contact, so the keyset has no NULLs to step over.
const SORT_KEYS: Record<CustomerSort, Prisma.Sql> = {
  createdAt: Prisma.sql`t."createdAt"`,
  name: Prisma.sql`t."name"`,
  lastContactAt: Prisma.sql`COALESCE(t."lastContactAt", '1970-01-01'::timestamp)`,
  openConversations: Prisma.sql`t."openConversations"`,
};

function sortValue(sort: CustomerSort, row: RawRow): string | number {
  if (sort === "name") return row.name;
  if (sort === "openConversations") return row.openConversations;
  const at = sort === "createdAt" ? row.createdAt : (row.lastContactAt ?? new Date(0));
  return at.toISOString();
}

function boundValue(sort: CustomerSort, value: unknown): Prisma.Sql {
  if (sort === "name" && typeof value === "string") return Prisma.sql`${value}`;
  if (sort === "openConversations" && typeof value === "number") return Prisma.sql`${value}::int`;
  if (typeof value === "string" && !Number.isNaN(Date.parse(value))) return Prisma.sql`${value.slice(0, 23)}::timestamp`;
  throw badRequest("Invalid cursor");
}

/** Cursor: the sort it belongs to, and the last row's sort value and id. */
function decodeCursor(cursor: string, sort: CustomerSort, dir: string) {
  try {
    const [s, d, value, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    if (s === sort && d === dir && typeof id === "string") return { value: boundValue(sort, value), id };
  } catch {
    // fall through
  }
  throw badRequest("Invalid cursor");
}

export interface CustomerQuery {
  scope: FilterScope;
  where: Prisma.Sql;
}

/** Checks a filter against what the reader may use and compiles it (a 400 names what is wrong). */
export async function prepareCustomerQuery(
  ctx: Pick<AppContext, "db">,
  actor: Actor | null,
  entity: CustomerEntity,
  filter: CustomerFilter,
) {
  const scope = await loadFilterScope(ctx, actor, entity);
  return { scope, where: compileFilter(scope, filter) };
}

/** One keyset page of a prepared query. */
export async function customerPage(
  ctx: Pick<AppContext, "db">,
  query: CustomerQuery,
  page: { sort: CustomerSort; dir: "asc" | "desc"; cursor?: string | null; limit: number },
) {
  const key = SORT_KEYS[page.sort];
  const dir = Prisma.raw(page.dir === "asc" ? "ASC" : "DESC");
  const cmp = Prisma.raw(page.dir === "asc" ? ">" : "<");
  const after = page.cursor ? decodeCursor(page.cursor, page.sort, page.dir) : null;
  const rows = await ctx.db.$queryRaw<RawRow[]>`
    SELECT * FROM (${matching(query.scope, query.where)}) t
    WHERE ${after ? Prisma.sql`(${key} ${cmp} ${after.value} OR (${key} = ${after.value} AND t."id" ${cmp} ${after.id}))` : Prisma.sql`TRUE`}
    ORDER BY ${key} ${dir}, t."id" ${dir}
    LIMIT ${page.limit + 1}`;
  const items = rows.slice(0, page.limit);
  const tail = items.at(-1);
  const nextCursor =
    rows.length > page.limit && tail
      ? Buffer.from(JSON.stringify([page.sort, page.dir, sortValue(page.sort, tail), tail.id])).toString("base64url")
      : null;
  return { rows: items, nextCursor };
}

/**
 * Matches of several compiled filters in one scan of the entity's rows (`count(*) FILTER (WHERE …)`
 * per filter): the segments sidebar counts every segment at once.
 */
export async function countMatches(ctx: Pick<AppContext, "db">, scope: FilterScope, wheres: Prisma.Sql[]): Promise<number[]> {
  if (wheres.length === 0) return [];
  const table = Prisma.raw(scope.entity === "contact" ? '"Contact"' : '"Company"');
  const base =
    scope.entity === "contact"
      ? Prisma.sql`r."mergedIntoId" IS NULL AND ${visibleContactSql(scope.actor, Prisma.raw('"r"'))}`
      : Prisma.sql`TRUE`;
  const counts = wheres.map((w, i) => Prisma.sql`count(*) FILTER (WHERE ${w})::int AS ${Prisma.raw(`"n${i}"`)}`);
  const [row] = await ctx.db.$queryRaw<Record<string, number>[]>`SELECT ${Prisma.join(counts)} FROM ${table} r WHERE ${base}`;
  return wheres.map((_, i) => row?.[`n${i}`] ?? 0);
}

export async function countCustomers(ctx: Pick<AppContext, "db">, query: CustomerQuery): Promise<number> {
  const [n] = await countMatches(ctx, query.scope, [query.where]);
  return n ?? 0;
}

/** Identities of a page of contacts in one query, and the rows in their public shape. */
export async function serializeCustomers(ctx: AppContext, actor: Actor, entity: CustomerEntity, rows: RawRow[]): Promise<CustomerRow[]> {
  const visible = await attributeVisibility(ctx, actor, entity);
  const identities =
    entity === "contact" && rows.length
      ? await ctx.db.contactIdentity.findMany({
          where: { contactId: { in: rows.map((r) => r.id) } },
          orderBy: { createdAt: "asc" },
          select: { contactId: true, kind: true, address: true },
        })
      : [];
  const byContact = new Map<string, { kind: string; address: string }[]>();
  for (const { contactId, kind, address } of identities) byContact.set(contactId, [...(byContact.get(contactId) ?? []), { kind, address }]);
  return rows.map((r) => {
    const base = {
      id: r.id,
      name: r.name,
      createdAt: r.createdAt.toISOString(),
      lastContactAt: r.lastContactAt?.toISOString() ?? null,
      openConversations: r.openConversations,
      attributes: visible(r.attributes),
    };
    if (entity === "company") return { ...base, domains: r.domains ?? [], people: r.people ?? 0 };
    return {
      ...base,
      company: r.companyId ? { id: r.companyId, name: r.companyName ?? "" } : null,
      identities: byContact.get(r.id) ?? [],
    };
  });
}

/**
 * The Customers page and `GET /api/v1/customers`: one keyset page of contacts or companies matching a
 * filter, sorted, with the live total of matches for the same reader.
 */
export async function listCustomers(ctx: AppContext, actor: Actor, raw: unknown) {
  const input = parseInput(listCustomersInput, raw);
  const query = await prepareCustomerQuery(ctx, actor, input.entity, input.filter);
  const [page, total] = await Promise.all([
    customerPage(ctx, query, { sort: input.sort, dir: input.dir, cursor: input.cursor, limit: clampLimit(input.limit, 50, 200) }),
    countCustomers(ctx, query),
  ]);
  return {
    entity: input.entity,
    items: await serializeCustomers(ctx, actor, input.entity, page.rows),
    nextCursor: page.nextCursor,
    total,
  };
}
