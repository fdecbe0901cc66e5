import { z } from "zod";
import { webhookEventSchema } from "~/common/webhook-vocabulary.ts";
import type { AppContext } from "~/server/context.ts";
import { type Actor, requireRole } from "~/server/domain/access.ts";
import { badRequest, notFound, parseInput } from "~/server/lib/errors.ts";
import { newWebhookSecret } from "./sign-webhook.ts";
import { checkWebhookUrl } from "./webhook-target.ts";

const fields = {
  url: z.string().trim().url().max(2000),
  events: z.array(webhookEventSchema).min(1).max(50),
  enabled: z.boolean(),
};
export const newWebhook = z.object({ ...fields, enabled: fields.enabled.default(true) }).strict();
export const webhookPatch = z.object(fields).partial().strict();

const select = {
  id: true,
  url: true,
  events: true,
  enabled: true,
  disabledAt: true,
  disabledReason: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** Admins register endpoints; the secret is in this answer only (issue 15). */
export async function createWebhook(ctx: AppContext, actor: Actor, raw: unknown) {
  requireRole(actor, "admin");
  const input = parseInput(newWebhook, raw);
  await checkWebhookUrl(ctx, input.url);
  const secret = newWebhookSecret();
  const row = await ctx.db.webhookEndpoint.create({
    data: { url: input.url, events: [...new Set(input.events)], enabled: input.enabled, secret: ctx.secrets.seal(secret) },
    select,
  });
  return { ...row, secret };
}

export async function listWebhooks(ctx: AppContext, actor: Actor) {
  requireRole(actor, "admin");
  return ctx.db.webhookEndpoint.findMany({ orderBy: { createdAt: "asc" }, select, take: 200 });
}

export async function getWebhook(ctx: AppContext, actor: Actor, id: string) {
  requireRole(actor, "admin");
  const row = await ctx.db.webhookEndpoint.findUnique({ where: { id }, select });
  if (!row) throw notFound("Webhook");
  return row;
}

/** Enabling an endpoint that was disabled after failures clears the reason. */
export async function updateWebhook(ctx: AppContext, actor: Actor, id: string, raw: unknown) {
  const patch = parseInput(webhookPatch, raw);
  await getWebhook(ctx, actor, id);
  if (patch.url) await checkWebhookUrl(ctx, patch.url);
  if (patch.events && patch.events.length === 0) throw badRequest("events: at least one");
  return ctx.db.webhookEndpoint.update({
    where: { id },
    data: {
      ...patch,
      ...(patch.events ? { events: [...new Set(patch.events)] } : {}),
      ...(patch.enabled ? { disabledAt: null, disabledReason: null } : {}),
    },
    select,
  });
}

/** A new secret, returned once; the old one stops signing at once. */
export async function rotateWebhookSecret(ctx: AppContext, actor: Actor, id: string) {
  await getWebhook(ctx, actor, id);
  const secret = newWebhookSecret();
  await ctx.db.webhookEndpoint.update({ where: { id }, data: { secret: ctx.secrets.seal(secret) } });
  return { id, secret };
}

/** Deliveries go with the endpoint (cascade); their queued jobs find nothing and end. */
export async function deleteWebhook(ctx: AppContext, actor: Actor, id: string) {
  await getWebhook(ctx, actor, id);
  await ctx.db.webhookEndpoint.delete({ where: { id } });
}
