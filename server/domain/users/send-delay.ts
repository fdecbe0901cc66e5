import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { parseInput } from "~/server/lib/errors.ts";
import { MAX_SEND_DELAY_SECONDS } from "~/server/domain/messages/send-reply.ts";

/** The undo windows the agent menu offers; any whole number 0–30 is accepted. */
export const SEND_DELAY_CHOICES = [0, 5, 10, 20, 30] as const;

export const sendDelayInput = z.object({
  sendDelaySeconds: z.coerce.number().int().min(0).max(MAX_SEND_DELAY_SECONDS),
});

/** How long the agent's replies from the app wait before they go out (their undo window, decision 027). */
export async function sendDelayOf(ctx: AppContext, userId: string): Promise<number> {
  const user = await ctx.db.user.findUnique({ where: { id: userId }, select: { sendDelaySeconds: true } });
  return user?.sendDelaySeconds ?? 0;
}

/** The agent sets their own undo window. */
export async function setSendDelay(ctx: AppContext, actor: Actor, raw: unknown): Promise<number> {
  const { sendDelaySeconds } = parseInput(sendDelayInput, raw);
  await ctx.db.user.update({ where: { id: actor.id }, data: { sendDelaySeconds }, select: { id: true } });
  return sendDelaySeconds;
}
