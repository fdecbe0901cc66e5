import type { Prisma } from "~/server/db/generated/client.ts";
import { badRequest } from "~/server/lib/errors.ts";

/**
 * Attaches the agent's own, not yet used uploads to a new message (inside its transaction). Claiming
 * with one conditional UPDATE means two messages can never take the same upload.
 */
export async function claimUploads(tx: Prisma.TransactionClient, uploaderId: string, messageId: string, attachmentIds: string[]) {
  if (attachmentIds.length === 0) return;
  const { count } = await tx.attachment.updateMany({
    where: { id: { in: attachmentIds }, messageId: null, uploadedById: uploaderId },
    data: { messageId },
  });
  if (count !== attachmentIds.length) throw badRequest("Unknown or already used attachment");
}
