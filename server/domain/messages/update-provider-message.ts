import { randomUUID } from "node:crypto";
import type { AppContext } from "~/server/context.ts";
import type { InboundAttachment } from "~/integrations/core/types.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { notFound } from "~/server/lib/errors.ts";
import { publishMessage } from "./publish.ts";

/** A provider edited or deleted a message (Slack): the timeline shows it, earlier text stays in history. */
export async function updateProviderMessage(
  ctx: AppContext,
  input: { inboxId: string; providerMessageId: string; change: { text?: string; deleted?: boolean; meta?: Record<string, unknown> } },
) {
  const message = await ctx.db.message.findUnique({
    where: { inboxId_providerMessageId: { inboxId: input.inboxId, providerMessageId: input.providerMessageId } },
    select: { id: true, text: true, meta: true, editedAt: true },
  });
  if (!message) return;
  const meta = { ...((message.meta as Record<string, unknown>) ?? {}), ...(input.change.meta ?? {}) };
  const data: Prisma.MessageUpdateInput = {};
  if (input.change.text !== undefined && input.change.text !== message.text) {
    const history = Array.isArray(meta.history) ? meta.history : [];
    meta.history = [...history, { text: message.text, replacedAt: new Date().toISOString() }];
    data.text = input.change.text;
    data.editedAt = new Date();
  }
  if (input.change.deleted) data.deletedAt = new Date();
  data.meta = meta as Prisma.InputJsonValue;
  await ctx.db.message.update({ where: { id: message.id }, data });
  await publishMessage(ctx, message.id, "message.updated");
}

/** Files fetched after the webhook was acknowledged (MMS media, Slack files) join their message. */
export async function addProviderAttachments(ctx: AppContext, messageId: string, attachments: InboundAttachment[]) {
  const exists = await ctx.db.message.findUnique({ where: { id: messageId }, select: { id: true } });
  if (!exists) throw notFound("Message");
  for (const a of attachments) {
    const { sha256, size } = await ctx.storage.put(a.content);
    // A job retried after it stored the file but before it was marked done must not add it twice.
    const already = await ctx.db.attachment.count({ where: { messageId, sha256, filename: a.filename || "attachment" } });
    if (already > 0) continue;
    await ctx.db.attachment.create({
      data: {
        id: randomUUID(),
        messageId,
        filename: a.filename || "attachment",
        contentType: a.contentType || "application/octet-stream",
        size,
        sha256,
        contentId: a.contentId ?? null,
        inline: a.inline ?? false,
      },
    });
  }
  await publishMessage(ctx, messageId, "message.updated");
}
