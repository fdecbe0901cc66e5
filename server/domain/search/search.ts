import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleContactWhere, visibleConversationWhere } from "~/server/domain/access.ts";
import { phoneInQuery } from "~/server/domain/contacts/list-contacts.ts";
import { conversationStatusSchema, searchSortSchema } from "~/common/vocabulary.ts";
import { badRequest, parseInput } from "~/server/lib/errors.ts";
import { clampLimit } from "~/server/lib/cursor.ts";
import { MAX_QUERY_LENGTH, parseSearchQuery } from "./parse-search-query.ts";
import { postgresSearchIndex } from "./postgres-search-index.ts";
import type { SearchFilters, SearchIndex } from "./search-index.ts";
import { makeSnippet } from "./snippet.ts";
import { matchingDocuments } from "./matching-documents.ts";
import { Prisma } from "~/server/db/generated/client.ts";
import { compileConversationFilter, parseConversationFilter } from "~/server/domain/attributes/compile-conversation-filter.ts";

const optional = z
  .string()
  .trim()
  .max(200)
  .optional()
  .transform((v) => v || undefined);
const date = optional.transform((v, c) => {
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) c.addIssue({ code: "custom", message: "Invalid date" });
  return d;
});

/** GET /api/v1/search and the results page (issue 11); query strings, so every value is a string. */
export const searchInput = z.object({
  q: z.string().max(1000).default(""),
  channel: optional,
  status: optional.pipe(conversationStatusSchema.optional()),
  departmentId: optional,
  assigneeId: optional,
  tag: optional,
  contactId: optional,
  companyId: optional,
  from: date,
  to: date,
  /** Attribute filter: JSON of conversationFilterSchema (common/customer-filter.ts). */
  filter: z
    .string()
    .max(8000)
    .optional()
    .transform((v) => v?.trim() || undefined),
  sort: optional.pipe(searchSortSchema.default("relevance")),
  cursor: optional,
  limit: optional,
});
export type SearchInput = z.input<typeof searchInput>;

const FILTER_FIELDS = [
  "channel",
  "status",
  "departmentId",
  "assigneeId",
  "tag",
  "contactId",
  "companyId",
  "from",
  "to",
] as const satisfies readonly (keyof SearchFilters)[];

const CONVERSATION_ONLY = [
  "channel",
  "status",
  "departmentId",
  "assigneeId",
  "tag",
  "from",
  "to",
] as const satisfies readonly (keyof SearchFilters)[];

/** Whether raw search parameters name a filter: then an empty query lists the matching conversations. */
export const hasSearchFilter = (raw: Record<string, unknown>) =>
  [...FILTER_FIELDS, "filter"].some((f) => typeof raw[f] === "string" && (raw[f] as string).trim() !== "");

/** The index this server searches; the only backend today is the database itself. */
const indexFor = (ctx: AppContext): SearchIndex => postgresSearchIndex(ctx.db);

/**
 * Full-text search over every message, note, attachment file name and subject a user may see,
 * conversations grouped with their best hit, contacts and library documents (by title and file
 * name, `kind: "document"`) on the first page above, and a ticket number (`123`, `#123`)
 * as a shortcut to that conversation. Restricted departments' hits, snippets and counts never reach
 * non-members: the index query carries the same rule as visibleConversationWhere.
 */
export async function search(ctx: AppContext, actor: Actor, raw: unknown) {
  const input = parseInput(searchInput, raw);
  const query = parseSearchQuery(input.q.slice(0, MAX_QUERY_LENGTH));
  const limit = clampLimit(input.limit, 20, 50);
  const offset = decodeOffset(input.cursor);
  const attributeFilter = parseConversationFilter(input.filter);
  const filters: SearchFilters = {
    ...Object.fromEntries(FILTER_FIELDS.map((f) => [f, input[f]])),
    attributes: attributeFilter ? await compileConversationFilter(ctx, actor, attributeFilter, Prisma.raw("c")) : undefined,
  };
  // No words: the filters alone list conversations (the reports' tag links); nothing at all finds nothing.
  const listable = query.include.length > 0 || Object.values(filters).some((v) => v !== undefined);
  const index = indexFor(ctx);
  // Documents have no channel, status, department, assignee, tag, date or attributes: such a filter leaves them out.
  const documentable = offset === 0 && !CONVERSATION_ONLY.some((f) => filters[f] !== undefined) && !filters.attributes;
  const [page, contacts, ticket, documents] = await Promise.all([
    listable
      ? index.search({ actor, include: query.include, exclude: query.exclude, filters, sort: input.sort, offset, limit })
      : { hits: [], more: false },
    offset === 0 && !input.contactId ? matchingContacts(ctx, actor, input.q, input.companyId) : [],
    query.ticketNumber === null
      ? null
      : ctx.db.conversation.findFirst({
          where: { AND: [{ number: query.ticketNumber }, visibleConversationWhere(actor)] },
          select: { id: true, number: true },
        }),
    documentable ? matchingDocuments(ctx, index, actor, { ...query, contactId: input.contactId, companyId: input.companyId }) : [],
  ]);
  const items = await describeHits(ctx, page.hits, query.include);
  return {
    items,
    contacts,
    documents,
    ticket: ticket ? { conversationId: ticket.id, number: ticket.number } : null,
    nextCursor: page.more ? encodeOffset(offset + limit) : null,
  };
}

/** Contacts by name, email, company or phone in any format, through the index (decision 012). */
async function matchingContacts(ctx: AppContext, actor: Actor, q: string, companyId: string | undefined) {
  const text = q.trim().slice(0, MAX_QUERY_LENGTH);
  if (!text) return [];
  const phone = phoneInQuery(text);
  // Candidates before visibility: enough that ten visible ones remain unless most are restricted.
  const ids = await indexFor(ctx).contacts({ text, phone, limit: 200 });
  if (ids.length === 0) return [];
  const rows = await ctx.db.contact.findMany({
    where: { AND: [{ id: { in: ids } }, visibleContactWhere(actor), companyId ? { companyId } : {}] },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 10,
    select: { id: true, name: true, company: { select: { id: true, name: true } }, identities: { select: { kind: true, address: true } } },
  });
  return rows.map((c) => ({ id: c.id, name: c.name, company: c.company, identities: c.identities }));
}

type Hit = Awaited<ReturnType<SearchIndex["search"]>>["hits"][number];

/** Each hit with its conversation's headline and the snippet of the matching message (or subject). */
async function describeHits(ctx: AppContext, hits: Hit[], terms: string[]) {
  if (hits.length === 0) return [];
  const [conversations, messages] = await Promise.all([
    ctx.db.conversation.findMany({
      where: { id: { in: hits.map((h) => h.conversationId) } },
      select: {
        id: true,
        number: true,
        subject: true,
        status: true,
        inbox: { select: { kind: true } },
        contact: { select: { id: true, name: true } },
      },
    }),
    ctx.db.message.findMany({
      where: { id: { in: hits.flatMap((h) => (h.messageId ? [h.messageId] : [])) } },
      select: { id: true, text: true, direction: true, attachments: { select: { filename: true } } },
    }),
  ]);
  const byId = new Map(conversations.map((c) => [c.id, c]));
  const messageById = new Map(messages.map((m) => [m.id, m]));
  return hits.flatMap((h) => {
    const c = byId.get(h.conversationId);
    if (!c) return [];
    const m = h.messageId ? messageById.get(h.messageId) : undefined;
    const source = m ? [m.text, ...m.attachments.map((a) => a.filename)].filter(Boolean).join(" ") : c.subject;
    return [
      {
        conversationId: h.conversationId,
        messageId: h.messageId,
        kind: h.kind,
        direction: m?.direction ?? null,
        ...makeSnippet(source, terms),
        createdAt: h.createdAt.toISOString(),
        hitCount: h.hitCount,
        conversation: { number: c.number, subject: c.subject, status: c.status, channel: c.inbox.kind, contact: c.contact },
      },
    ];
  });
}

const encodeOffset = (offset: number) => Buffer.from(`o${offset}`).toString("base64url");
function decodeOffset(cursor: string | undefined): number {
  if (!cursor) return 0;
  const m = /^o(\d{1,7})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!m) throw badRequest("Invalid cursor");
  return Number(m[1]);
}
