import type { VisitorFile } from "~/integrations/core/host.ts";
import type { AppContext } from "~/server/context.ts";
import { visibleWhere } from "./visible-messages.ts";

/** A file a visitor may download: it belongs to a customer-visible message of their own thread. */
export async function visitorAttachment(
  ctx: AppContext,
  inboxId: string,
  threadKey: string,
  attachmentId: string,
): Promise<VisitorFile | null> {
  const file = await ctx.db.attachment.findFirst({
    where: { id: attachmentId, message: { ...visibleWhere, inboxId, conversation: { inboxId, threadKey } } },
    select: { filename: true, contentType: true, size: true, sha256: true },
  });
  if (!file) return null;
  return { filename: file.filename, contentType: file.contentType, size: file.size, read: () => ctx.storage.read(file.sha256) };
}
