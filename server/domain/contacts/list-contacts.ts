import type { Prisma } from "~/server/db/generated/client.ts";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleContactWhere } from "~/server/domain/access.ts";
import { afterCursor, clampLimit, decodeCursor, encodeCursor } from "~/server/lib/cursor.ts";
import { normalizePhone } from "~/integrations/core/addresses/phone.ts";

/** Contacts matching a name, email or phone (any written form), newest first. */
/** The phone number a query spells, in any format, E.164-normalised; null when it is not one. */
export function phoneInQuery(query: string): string | null {
  // Japanese input methods often produce full-width digits and punctuation (０９０－…, （０３）…).
  const folded = query.trim().normalize("NFKC");
  return /^[+(\d][\d\s().\-ー－]{5,}$/.test(folded) ? normalizePhone(folded) : null;
}

export function contactMatch(query: string): Prisma.ContactWhereInput {
  const q = query.trim();
  if (!q) return {};
  const folded = q.normalize("NFKC");
  const phone = phoneInQuery(q);
  return {
    OR: [
      { name: { contains: q, mode: "insensitive" } },
      { identities: { some: { address: { contains: folded.toLowerCase() } } } },
      ...(phone ? [{ identities: { some: { kind: "phone" as const, address: phone } } }] : []),
    ],
  };
}

export async function listContacts(ctx: AppContext, actor: Actor, input: { query?: string; cursor?: string | null; limit?: number }) {
  const limit = clampLimit(input.limit);
  const cursor = decodeCursor(input.cursor);
  const rows = await ctx.db.contact.findMany({
    where: {
      AND: [
        { mergedIntoId: null },
        visibleContactWhere(actor),
        contactMatch(input.query ?? ""),
        afterCursor<Prisma.ContactWhereInput>("createdAt", cursor),
      ],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      name: true,
      createdAt: true,
      company: { select: { id: true, name: true } },
      identities: { select: { kind: true, address: true }, orderBy: { createdAt: "asc" } },
    },
  });
  const page = rows.slice(0, limit);
  const tail = page.at(-1);
  return {
    items: page.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })),
    nextCursor: rows.length > limit && tail ? encodeCursor(tail.createdAt, tail.id) : null,
  };
}
