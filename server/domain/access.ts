import { Prisma } from "~/server/db/generated/client.ts";
import type { AppContext } from "~/server/context.ts";
import { AppError, forbidden } from "~/server/lib/errors.ts";

/** The signed-in agent (from a session cookie, an API token or a socket handshake). */
export interface Actor {
  id: string;
  email: string;
  name: string;
  role: "admin" | "agent" | "viewer";
  locale: string;
  /** Departments the agent belongs to. */
  departmentIds: string[];
  /** Where the request came from (HTTP routes and page actions set it), for the audit log. */
  ip?: string | null;
  /** Set when an automation rule acts (ruleActor): what it changes is recorded as the rule's. */
  rule?: { id: string; name: string };
}

export const isAdmin = (actor: Actor) => actor.role === "admin";

/**
 * Conversations an actor may see: everything except restricted departments they are not a member
 * of (admins see everything). Used by every read path: lists, search, timelines, sockets.
 */
export function visibleConversationWhere(actor: Actor): Prisma.ConversationWhereInput {
  if (isAdmin(actor)) return {};
  return {
    OR: [{ departmentId: null }, { department: { restricted: false } }, { departmentId: { in: actor.departmentIds } }],
  };
}

/** Whether a department's own views (the sidebar's department list) are for this actor: the same rule. */
export const canSeeDepartment = (actor: Actor, department: { id: string; restricted: boolean }) =>
  isAdmin(actor) || !department.restricted || actor.departmentIds.includes(department.id);

/** Same rule for messages (the customer timeline reads messages directly). */
export function visibleMessageWhere(actor: Actor): Prisma.MessageWhereInput {
  return isAdmin(actor) ? {} : { conversation: visibleConversationWhere(actor) };
}

/**
 * Customers an actor may see (issue 17, finding 3; docs/security/restricted-customers.md): those
 * with at least one conversation the actor may see, or with none at all (created by hand,
 * imported, or a merged duplicate whose conversations moved on). So a customer who only ever wrote
 * to a restricted department stays invisible to non-members; admins see everyone.
 */
export function visibleContactWhere(actor: Actor): Prisma.ContactWhereInput {
  if (isAdmin(actor)) return {};
  return { OR: [{ conversations: { none: {} } }, { conversations: { some: visibleConversationWhere(actor) } }] };
}

/**
 * Library documents an actor may see: a company's are shared with everyone; a customer's follow the
 * customer (visibleContactWhere), so a customer known only to a restricted department keeps their
 * files hidden from non-members on every path (list, detail, versions, download, search).
 */
export function visibleDocumentWhere(actor: Actor): Prisma.DocumentWhereInput {
  if (isAdmin(actor)) return {};
  return { OR: [{ contactId: null }, { contact: { is: visibleContactWhere(actor) } }] };
}

/**
 * visibleConversationWhere as SQL, for the raw-SQL read paths (the customer filter, docs/decisions/022):
 * `v` is the alias of a "Conversation" row. `actor: null` is the system, which sees everything.
 */
export function visibleConversationSql(actor: Actor | null, v: Prisma.Sql): Prisma.Sql {
  if (!actor || isAdmin(actor)) return Prisma.sql`TRUE`;
  const mine = actor.departmentIds.length ? Prisma.sql` OR ${v}."departmentId" IN (${Prisma.join(actor.departmentIds)})` : Prisma.empty;
  return Prisma.sql`(${v}."departmentId" IS NULL OR NOT EXISTS (SELECT 1 FROM "Department" vd WHERE vd."id" = ${v}."departmentId" AND vd."restricted")${mine})`;
}

/** visibleContactWhere as SQL: `c` is the alias of a "Contact" row. */
export function visibleContactSql(actor: Actor | null, c: Prisma.Sql): Prisma.Sql {
  if (!actor || isAdmin(actor)) return Prisma.sql`TRUE`;
  return Prisma.sql`(NOT EXISTS (SELECT 1 FROM "Conversation" vc WHERE vc."contactId" = ${c}."id")
    OR EXISTS (SELECT 1 FROM "Conversation" vc WHERE vc."contactId" = ${c}."id" AND ${visibleConversationSql(actor, Prisma.raw("vc"))}))`;
}

export function requireRole(actor: Actor, ...roles: Actor["role"][]) {
  if (!roles.includes(actor.role)) throw forbidden();
}

/** Replying to customers: viewers (e.g. sales) read and write notes but never send. */
export function requireCanReply(actor: Actor) {
  if (actor.role === "viewer") throw new AppError("forbidden", "Viewers can write internal notes but cannot reply to customers");
}

/** What an Actor is made of, for flows that load the user with something else in one query. */
export const actorSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  locale: true,
  disabledAt: true,
  memberships: { select: { departmentId: true } },
} satisfies Prisma.UserSelect;

/** The actor of a user row loaded with actorSelect; null for a disabled user. */
export function toActor(user: Prisma.UserGetPayload<{ select: typeof actorSelect }>): Actor | null {
  if (user.disabledAt) return null;
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    departmentIds: user.memberships.map((m) => m.departmentId),
  };
}

export async function loadActor(ctx: AppContext, userId: string): Promise<Actor | null> {
  const user = await ctx.db.user.findUnique({ where: { id: userId }, select: actorSelect });
  return user && toActor(user);
}

/** Loads a conversation the actor may see, or throws not found (never reveals that it exists). */
export async function findVisibleConversation<S extends Prisma.ConversationSelect>(ctx: AppContext, actor: Actor, id: string, select: S) {
  const conversation = await ctx.db.conversation.findFirst({
    where: { AND: [{ id }, visibleConversationWhere(actor)] },
    select,
  });
  if (!conversation) throw new AppError("not_found", "Conversation not found");
  return conversation;
}
