import type { AppContext } from "~/server/context.ts";
import { badRequest } from "~/server/lib/errors.ts";
import type { AttributeValue } from "./attribute-values.ts";

/**
 * Resolving a conversation needs a value for every conversation attribute marked required (an empty
 * multi select or an unticked checkbox counts as no value). A 400 names the missing ones.
 */
export async function requireResolveAttributes(ctx: Pick<AppContext, "db">, values: Record<string, AttributeValue>) {
  const required = await ctx.db.attributeDefinition.findMany({
    where: { entity: "conversation", required: true },
    select: { key: true, label: true, type: true },
  });
  const missing = required.filter((r) => {
    const v = values[r.key];
    return v === undefined || v === "" || v === false || (Array.isArray(v) && v.length === 0);
  });
  if (missing.length) {
    throw badRequest(`Fill in before resolving: ${missing.map((m) => `attribute ${m.key} (${m.label})`).join(", ")}`, {
      missingAttributes: missing.map((m) => m.key),
    });
  }
}
