import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { type Actor, isAdmin } from "~/server/domain/access.ts";
import { afterCursor, encodeCursor } from "~/server/lib/cursor.ts";
import { visibleAttributeWhere } from "./validate-attribute-values.ts";
import type { AttributeValue } from "./attribute-values.ts";

/** A contact's or company's attribute change as a timeline item (decision 026). */
export interface AttributeChangeItem {
  kind: "attribute_change";
  id: string;
  createdAt: string;
  change: {
    key: string;
    label: string;
    labelJa: string | null;
    from: AttributeValue | null;
    to: AttributeValue | null;
    actorName: string | null;
    ruleName: string | null;
    via: string | null;
  };
}

/**
 * The record's attribute changes after the timeline cursor, newest first, as timeline entries
 * (mergeTimelinePages); changes of attributes hidden from the reader's departments are left out,
 * like their values.
 */
export async function attributeChangesPage(
  ctx: Pick<AppContext, "db">,
  actor: Actor,
  owner: { contactId: string } | { companyId: string },
  cursor: { at: Date; id: string } | null,
  take: number,
) {
  const entity = "contactId" in owner ? "contact" : "company";
  const hidden = isAdmin(actor)
    ? []
    : (await ctx.db.attributeDefinition.findMany({ where: { entity, NOT: visibleAttributeWhere(actor) }, select: { key: true } })).map(
        (d) => d.key,
      );
  const rows = await ctx.db.attributeChange.findMany({
    where: {
      AND: [owner, hidden.length ? { key: { notIn: hidden } } : {}, afterCursor<Prisma.AttributeChangeWhereInput>("createdAt", cursor)],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
  });
  return rows.map((r): { at: Date; id: string; item: AttributeChangeItem } => ({
    at: r.createdAt,
    id: r.id,
    item: {
      kind: "attribute_change",
      id: r.id,
      createdAt: r.createdAt.toISOString(),
      change: {
        key: r.key,
        label: r.label,
        labelJa: r.labelJa,
        from: r.before as AttributeValue | null,
        to: r.after as AttributeValue | null,
        actorName: r.actorName,
        ruleName: r.ruleName,
        via: r.via,
      },
    },
  }));
}

/**
 * Two newest-first lists on the same (createdAt, id) keyset as one page: the next cursor is the last
 * item shown, whichever list it came from, so the next page of both starts after it.
 */
export function mergeTimelinePages<M, C>(
  messages: { at: Date; id: string; item: M }[],
  changes: { at: Date; id: string; item: C }[],
  limit: number,
) {
  const all = [...messages, ...changes].sort((a, b) => b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const page = all.slice(0, limit);
  const tail = page.at(-1);
  return { items: page.map((e) => e.item), nextCursor: all.length > limit && tail ? encodeCursor(tail.at, tail.id) : null };
}
