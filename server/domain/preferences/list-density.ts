import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { parseInput } from "~/server/lib/errors.ts";
import { type ListDensity, listDensitySchema } from "~/common/vocabulary.ts";

/** How tall the agent's conversation list rows are (issue 10); stored on the user so it follows them between browsers. */
export async function getListDensity(ctx: AppContext, actor: Actor): Promise<ListDensity> {
  const user = await ctx.db.user.findUnique({ where: { id: actor.id }, select: { listDensity: true } });
  return user?.listDensity ?? "comfortable";
}

export async function setListDensity(ctx: AppContext, actor: Actor, raw: unknown): Promise<ListDensity> {
  const density = parseInput(listDensitySchema, raw, "density");
  await ctx.db.user.update({ where: { id: actor.id }, data: { listDensity: density }, select: { id: true } });
  return density;
}
