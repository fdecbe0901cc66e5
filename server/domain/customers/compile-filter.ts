import {
  ATTRIBUTE_FIELD,
  ATTRIBUTE_FIELD_KIND,
  BUILTIN_FIELDS,
  type CustomerEntity,
  type CustomerFilter,
  type FieldKind,
  type FilterCondition,
  type FilterNode,
  groupNodes,
  isGroup,
  OPERATORS,
  VALUELESS_OPS,
} from "~/common/customer-filter.ts";
import type { AttributeType } from "~/common/vocabulary.ts";
import type { AppContext } from "~/server/context.ts";
import { Prisma } from "~/server/db/generated/client.ts";
import { type Actor, visibleContactSql, visibleConversationSql } from "~/server/domain/access.ts";
import { visibleAttributeWhere } from "~/server/domain/attributes/validate-attribute-values.ts";
import { normalizePhone } from "~/integrations/core/addresses/phone.ts";
import { badRequest } from "~/server/lib/errors.ts";

/**
 * Compiles the customer filter language (common/customer-filter.ts) to a SQL condition over the row
 * alias `r` ("Contact" or "Company"). Every value and every attribute key reaches the database as a
 * bound parameter (Prisma.sql tagged templates); fields and operators come from closed lists, and
 * attribute keys must name a definition the reader may see. Counts and conversation fields only see
 * the reader's visible conversations. docs/decisions/022-filter-language.md.
 */
export interface FilterScope {
  entity: CustomerEntity;
  /** The reader; null is the system (automation), which sees everything. */
  actor: Actor | null;
  attributes: Map<string, { type: AttributeType; label: string }>;
}

export async function loadFilterScope(ctx: Pick<AppContext, "db">, actor: Actor | null, entity: CustomerEntity): Promise<FilterScope> {
  const defs = await ctx.db.attributeDefinition.findMany({
    where: { AND: [{ entity }, visibleAttributeWhere(actor)] },
    select: { key: true, type: true, label: true },
  });
  return { entity, actor, attributes: new Map(defs.map((d) => [d.key, { type: d.type as AttributeType, label: d.label }])) };
}

const R = Prisma.raw('"r"');
const OPEN_STATUSES = Prisma.sql`('open', 'pending', 'snoozed')`;
const DAY_MS = 86_400_000;

/** Conversations of the row (a contact's own, or those of a company's people) the reader may see. */
function conversationsOf(scope: FilterScope): Prisma.Sql {
  const owner =
    scope.entity === "contact"
      ? Prisma.sql`v."contactId" = ${R}."id"`
      : Prisma.sql`v."contactId" IN (SELECT p."id" FROM "Contact" p WHERE p."companyId" = ${R}."id")`;
  return Prisma.sql`"Conversation" v WHERE ${owner} AND v."mergedIntoId" IS NULL AND ${visibleConversationSql(scope.actor, Prisma.raw("v"))}`;
}

/** Derived columns, also selected by the list (so the table shows what the filter tests). */
export const openConversationsSql = (scope: FilterScope) =>
  Prisma.sql`(SELECT count(*)::int FROM ${conversationsOf(scope)} AND v."status" IN ${OPEN_STATUSES})`;
export const lastContactAtSql = (scope: FilterScope) => Prisma.sql`(SELECT max(v."lastActivityAt") FROM ${conversationsOf(scope)})`;
/** The average answered CSAT rating of the row's visible conversations; null when none was rated. */
export const csatSql = (scope: FilterScope) =>
  Prisma.sql`(SELECT avg(s."rating") FROM "CsatSurvey" s WHERE s."rating" IS NOT NULL AND s."conversationId" IN (SELECT v."id" FROM ${conversationsOf(scope)}))`;
export const peopleSql = (scope: FilterScope) =>
  Prisma.sql`(SELECT count(*)::int FROM "Contact" pc WHERE pc."companyId" = ${R}."id" AND pc."mergedIntoId" IS NULL AND ${visibleContactSql(scope.actor, Prisma.raw("pc"))})`;

class FilterError extends Error {}
export const fail = (path: string, message: string): never => {
  throw new FilterError(`${path}: ${message}`);
};

export function compileFilter(scope: FilterScope, filter: CustomerFilter): Prisma.Sql {
  return compileGroups(filter, (c, path) => compileCondition(scope, c, path));
}

/**
 * The groups of a filter (all → AND, any → OR) around each condition's SQL; a condition's FilterError
 * becomes a 400 naming its path. Also compiles the conversation lists' attribute filters
 * (server/domain/attributes/compile-conversation-filter.ts).
 */
export function compileGroups(filter: FilterNode, condition: (c: FilterCondition, path: string) => Prisma.Sql): Prisma.Sql {
  try {
    return compileNode(filter, "filter", condition);
  } catch (err) {
    if (err instanceof FilterError) throw badRequest(`Invalid filter: ${err.message}`);
    throw err;
  }
}

function compileNode(node: FilterNode, path: string, condition: (c: FilterCondition, path: string) => Prisma.Sql): Prisma.Sql {
  if (!isGroup(node)) return condition(node, path);
  const all = "all" in node;
  const children = groupNodes(node).map((child, i) => compileNode(child, `${path}.${all ? "all" : "any"}.${i}`, condition));
  if (children.length === 0) return Prisma.sql`TRUE`;
  return Prisma.sql`(${Prisma.join(children, all ? " AND " : " OR ")})`;
}

/** The operator fits the field's kind and a value is there when the operator needs one. */
export function checkOperator(kind: FieldKind, c: FilterCondition, path: string, name = c.field) {
  if (!OPERATORS[kind].includes(c.op)) fail(`${path}.op`, `${name} takes ${OPERATORS[kind].join(", ")}`);
  if (!VALUELESS_OPS.has(c.op) && c.value === undefined) fail(`${path}.value`, `${name} needs a value`);
}

function fieldKind(scope: FilterScope, field: string, path: string): { kind: FieldKind; attribute?: string } {
  const builtin = BUILTIN_FIELDS[scope.entity][field];
  if (builtin) return { kind: builtin };
  const key = ATTRIBUTE_FIELD.exec(field)?.[1];
  // An attribute hidden from the reader's departments reads exactly like one that does not exist.
  const def = key ? scope.attributes.get(key) : undefined;
  if (!key || !def) return fail(`${path}.field`, `no such ${scope.entity} field ${field}`);
  return { kind: ATTRIBUTE_FIELD_KIND[def.type], attribute: key };
}

const IDENTITY_FIELDS = new Set(["email", "phone"]);

function compileCondition(scope: FilterScope, c: FilterCondition, path: string): Prisma.Sql {
  const { kind, attribute } = fieldKind(scope, c.field, path);
  checkOperator(kind, c, path);
  const at = `${path}.value`;
  if (attribute !== undefined) return attributeCondition(kind, attribute, c, at);
  // The email and phone fields are identity kinds (not channels): the contact's addresses of that kind.
  if (IDENTITY_FIELDS.has(c.field)) {
    return textOnSet(
      (pred) => Prisma.sql`EXISTS (SELECT 1 FROM "ContactIdentity" i WHERE i."contactId" = ${R}."id" AND i."kind" = ${c.field}${pred})`,
      Prisma.sql`i."address"`,
      c.field === "phone" ? { ...c, value: phoneValue(c) } : c,
      at,
    );
  }
  switch (c.field) {
    case "name":
      return textOnScalar(Prisma.sql`${R}."name"`, c, at);
    case "company":
      return textOnScalar(Prisma.sql`(SELECT co."name" FROM "Company" co WHERE co."id" = ${R}."companyId")`, c, at);
    case "domain":
      return textOnSet(
        (pred) => Prisma.sql`EXISTS (SELECT 1 FROM "CompanyDomain" d WHERE d."companyId" = ${R}."id"${pred})`,
        Prisma.sql`d."domain"`,
        c,
        at,
      );
    case "identity.channel": {
      const kinds = strings(c.value, at);
      const has = Prisma.sql`EXISTS (SELECT 1 FROM "ContactIdentity" i WHERE i."contactId" = ${R}."id" AND i."kind" IN (${Prisma.join(kinds)}))`;
      return c.op === "is" ? has : Prisma.sql`NOT ${has}`;
    }
    case "tags":
      return tagsCondition(scope, c, at);
    case "openConversations":
      return numberOn(openConversationsSql(scope), c, at);
    case "people":
      return numberOn(peopleSql(scope), c, at);
    case "csat":
      return numberOn(csatSql(scope), c, at);
    case "lastContactAt":
      return timestampOn(lastContactAtSql(scope), c, at);
    case "createdAt":
      return timestampOn(Prisma.sql`${R}."createdAt"`, c, at);
    default:
      return fail(`${path}.field`, `no such ${scope.entity} field ${c.field}`);
  }
}

// ---- values ----

function strings(value: unknown, at: string): string[] {
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some((v) => typeof v !== "string" || v.trim() === "")) return fail(at, "expects text");
  return list.map((v) => (v as string).normalize("NFKC").trim());
}
const text = (value: unknown, at: string) => {
  if (typeof value !== "string" && typeof value !== "number") return fail(at, "expects text");
  return String(value).normalize("NFKC").trim().toLowerCase();
};
function number(value: unknown, at: string): number {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : fail(at, "expects a number");
}
function day(value: unknown, at: string): string {
  if (typeof value !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return fail(at, "expects a date (YYYY-MM-DD)");
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value ? value : fail(at, "expects a date (YYYY-MM-DD)");
}
function days(value: unknown, at: string): number {
  const n = number(value, at);
  return Number.isInteger(n) && n >= 0 && n <= 36_500 ? n : fail(at, "expects a whole number of days");
}
function phoneValue(c: FilterCondition) {
  if (typeof c.value !== "string" || (c.op !== "is" && c.op !== "is_not")) return c.value;
  return normalizePhone(c.value.normalize("NFKC")) ?? c.value;
}

// ---- operators by kind ----

const lowered = (e: Prisma.Sql) => Prisma.sql`lower(${e})`;

/** Text on one value per row; "is not" and "does not contain" include rows without a value. */
function textOnScalar(e: Prisma.Sql, c: FilterCondition, at: string): Prisma.Sql {
  switch (c.op) {
    case "is_set":
      return Prisma.sql`(${e} IS NOT NULL AND ${e} <> '')`;
    case "is_not_set":
      return Prisma.sql`(${e} IS NULL OR ${e} = '')`;
    case "is":
      return Prisma.sql`${lowered(e)} = ${text(c.value, at)}`;
    case "is_not":
      return Prisma.sql`(${e} IS NULL OR ${lowered(e)} <> ${text(c.value, at)})`;
    // strpos, not LIKE: % and _ in a value are data, never wildcards.
    case "contains":
      return Prisma.sql`strpos(${lowered(e)}, ${text(c.value, at)}) > 0`;
    default:
      return Prisma.sql`(${e} IS NULL OR strpos(${lowered(e)}, ${text(c.value, at)}) = 0)`;
  }
}

/** Text on a set of values per row (identities, domains): "is" = one of them is; "is not" = none is. */
function textOnSet(exists: (pred: Prisma.Sql) => Prisma.Sql, col: Prisma.Sql, c: FilterCondition, at: string): Prisma.Sql {
  switch (c.op) {
    case "is_set":
      return exists(Prisma.empty);
    case "is_not_set":
      return Prisma.sql`NOT ${exists(Prisma.empty)}`;
    case "is":
      return exists(Prisma.sql` AND lower(${col}) = ${text(c.value, at)}`);
    case "is_not":
      return Prisma.sql`NOT ${exists(Prisma.sql` AND lower(${col}) = ${text(c.value, at)}`)}`;
    case "contains":
      return exists(Prisma.sql` AND strpos(lower(${col}), ${text(c.value, at)}) > 0`);
    default:
      return Prisma.sql`NOT ${exists(Prisma.sql` AND strpos(lower(${col}), ${text(c.value, at)}) > 0`)}`;
  }
}

const NUMBER_OPS: Record<string, Prisma.Sql> = {
  eq: Prisma.raw("="),
  neq: Prisma.raw("<>"),
  gt: Prisma.raw(">"),
  gte: Prisma.raw(">="),
  lt: Prisma.raw("<"),
  lte: Prisma.raw("<="),
};

function numberOn(e: Prisma.Sql, c: FilterCondition, at: string): Prisma.Sql {
  if (c.op === "is_set") return Prisma.sql`${e} IS NOT NULL`;
  if (c.op === "is_not_set") return Prisma.sql`${e} IS NULL`;
  return Prisma.sql`${e} ${NUMBER_OPS[c.op]!} ${number(c.value, at)}::numeric`;
}

/** Dates of timestamps are UTC calendar days. */
function timestampOn(e: Prisma.Sql, c: FilterCondition, at: string): Prisma.Sql {
  const ts = (ms: number) => Prisma.sql`${new Date(ms).toISOString().slice(0, 23)}::timestamp`;
  switch (c.op) {
    case "is_set":
      return Prisma.sql`${e} IS NOT NULL`;
    case "is_not_set":
      return Prisma.sql`${e} IS NULL`;
    case "within_days":
      return Prisma.sql`${e} >= ${ts(Date.now() - days(c.value, at) * DAY_MS)}`;
    default: {
      const start = Date.parse(`${day(c.value, at)}T00:00:00Z`);
      if (c.op === "before") return Prisma.sql`${e} < ${ts(start)}`;
      if (c.op === "after") return Prisma.sql`${e} >= ${ts(start + DAY_MS)}`;
      return Prisma.sql`(${e} >= ${ts(start)} AND ${e} < ${ts(start + DAY_MS)})`;
    }
  }
}

function tagsCondition(scope: FilterScope, c: FilterCondition, at: string): Prisma.Sql {
  const tags = strings(c.value, at).map((t) => t.toLowerCase());
  const withTags = (list: string[]) => Prisma.sql`EXISTS (SELECT 1 FROM ${conversationsOf(scope)} AND v."tags" && ${list}::text[])`;
  if (c.op === "has_all")
    return Prisma.sql`(${Prisma.join(
      tags.map((t) => withTags([t])),
      " AND ",
    )})`;
  return c.op === "has_any" ? withTags(tags) : Prisma.sql`NOT ${withTags(tags)}`;
}

/** `attributes -> key` of the row `r`, the key a bound parameter. */
export function attributeCondition(kind: FieldKind, key: string, c: FilterCondition, at: string): Prisma.Sql {
  const json = Prisma.sql`(${R}."attributes" -> ${key}::text)`;
  const textValue = Prisma.sql`(${R}."attributes" ->> ${key}::text)`;
  if (c.op === "is_set") return Prisma.sql`${json} IS NOT NULL`;
  if (c.op === "is_not_set") return Prisma.sql`${json} IS NULL`;
  switch (kind) {
    case "text":
      return textOnScalar(textValue, c, at);
    case "number":
      return numberOn(Prisma.sql`(CASE WHEN jsonb_typeof(${json}) = 'number' THEN ${textValue}::numeric END)`, c, at);
    case "date": {
      const date = Prisma.sql`(CASE WHEN ${textValue} ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN ${textValue}::date END)`;
      if (c.op === "within_days") return Prisma.sql`${date} BETWEEN current_date - ${days(c.value, at)}::int AND current_date`;
      const op = c.op === "before" ? Prisma.raw("<") : c.op === "after" ? Prisma.raw(">") : Prisma.raw("=");
      return Prisma.sql`${date} ${op} ${day(c.value, at)}::date`;
    }
    case "select": {
      const options = strings(c.value, at);
      const match = Prisma.sql`${textValue} IN (${Prisma.join(options)})`;
      return c.op === "is" ? match : Prisma.sql`(${textValue} IS NULL OR NOT ${match})`;
    }
    case "multi": {
      const options = strings(c.value, at);
      if (c.op === "has_all") return Prisma.sql`COALESCE(${json} @> ${JSON.stringify(options)}::jsonb, false)`;
      const any = Prisma.sql`COALESCE(${json} ?| ${options}::text[], false)`;
      return c.op === "has_any" ? any : Prisma.sql`NOT ${any}`;
    }
    default:
      return c.op === "is_true" ? Prisma.sql`${json} = 'true'::jsonb` : Prisma.sql`${json} IS DISTINCT FROM 'true'::jsonb`;
  }
}
