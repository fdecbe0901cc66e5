import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { clampLimit } from "~/server/lib/cursor.ts";
import { attributeVisibility } from "~/server/domain/attributes/validate-attribute-values.ts";
import { companySelect, serializeCompany } from "./serialize-company.ts";

/** Companies by name (or domain) prefix, alphabetical, paged with an offset-free name cursor. */
export async function listCompanies(ctx: AppContext, actor: Actor, input: { query?: string; cursor?: string | null; limit?: number }) {
  const limit = clampLimit(input.limit);
  const q = input.query?.normalize("NFKC").trim() ?? "";
  const after = input.cursor ? decode(input.cursor) : null;
  const rows = await ctx.db.company.findMany({
    where: {
      AND: [
        q
          ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { domains: { some: { domain: { startsWith: q.toLowerCase() } } } }] }
          : {},
        after ? { OR: [{ name: { gt: after.name } }, { name: after.name, id: { gt: after.id } }] } : {},
      ],
    },
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: limit + 1,
    select: companySelect,
  });
  const page = rows.slice(0, limit);
  const visible = await attributeVisibility(ctx, actor, "company");
  const tail = page.at(-1);
  return {
    items: page.map((c) => ({ ...serializeCompany(c), attributes: visible(c.attributes) })),
    nextCursor: rows.length > limit && tail ? Buffer.from(JSON.stringify([tail.name, tail.id])).toString("base64url") : null,
  };
}

function decode(cursor: string): { name: string; id: string } | null {
  try {
    const [name, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    return typeof name === "string" && typeof id === "string" ? { name, id } : null;
  } catch {
    return null;
  }
}
