import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";

/**
 * What the rule and macro editors offer in their pickers (admins only): inboxes, channels,
 * departments, agents, canned responses, outgoing webhooks, the tags in use and the contact and
 * company attribute definitions, the segments. Names only; ids are what rules store.
 */
export async function listRuleOptions(ctx: AppContext, actor: Actor) {
  requireRole(actor, "admin");
  const [inboxes, departments, agents, canned, webhooks, attributes, tags, segments] = await Promise.all([
    ctx.db.inbox.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, kind: true } }),
    ctx.db.department.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } }),
    ctx.db.user.findMany({
      where: { disabledAt: null, role: { in: ["admin", "agent"] } },
      orderBy: { name: "asc" },
      select: { id: true, name: true },
    }),
    ctx.db.cannedResponse.findMany({ orderBy: { shortcut: "asc" }, take: 500, select: { id: true, title: true, shortcut: true } }),
    ctx.db.webhookEndpoint.findMany({ orderBy: { createdAt: "asc" }, take: 200, select: { id: true, url: true, enabled: true } }),
    // Conditions compare contact and company attributes; the set-attribute action also sets conversation ones.
    ctx.db.attributeDefinition.findMany({
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { entity: true, key: true, label: true, labelJa: true, type: true, options: true },
    }),
    // The tags in use, for suggestions: a rule may name a new one too.
    ctx.sql.query<{ tag: string }>(`SELECT DISTINCT unnest(tags) AS tag FROM "Conversation" ORDER BY tag LIMIT 500`),
    // Rules run as the system; an admin may name any shared segment, and their own.
    ctx.db.segment.findMany({
      where: { OR: [{ shared: true }, { ownerId: actor.id }] },
      orderBy: { name: "asc" },
      take: 500,
      select: { id: true, name: true },
    }),
  ]);
  return {
    inboxes,
    channels: [...new Set(inboxes.map((i) => i.kind))],
    departments,
    agents,
    canned: canned.map((c) => ({ id: c.id, name: `${c.title} (/${c.shortcut})` })),
    webhooks: webhooks.map((w) => ({ id: w.id, name: w.url, enabled: w.enabled })),
    attributes,
    tags: tags.map((t) => t.tag),
    segments,
  };
}

export type RuleOptions = Awaited<ReturnType<typeof listRuleOptions>>;
