import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";

/** Messages per transaction: short transactions, so erasing a long history never stalls the inbox. */
export const ERASE_BATCH = 200;

/**
 * Blanks the personal content of messages, a batch per transaction, through ordinary row updates and
 * deletes (search triggers see them): text, HTML (inline or stored), channel metadata (headers,
 * numbers), delivery errors; deletes their attachments (and library versions made from them) and the
 * raw provider payloads they were parsed from. The rows stay, so counts and timelines keep their
 * shape. Returns the file hashes they referenced, for deleteUnreferencedFiles after commit.
 */
export async function eraseMessages(ctx: AppContext, where: Prisma.MessageWhereInput) {
  const hashes = new Set<string>();
  let erased = 0;
  let cursor: string | undefined;
  for (;;) {
    const batch = await ctx.db.message.findMany({
      where,
      orderBy: { id: "asc" },
      take: ERASE_BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true, inboxId: true, providerMessageId: true, htmlSha256: true },
    });
    if (batch.length === 0) break;
    cursor = batch[batch.length - 1]!.id;
    const ids = batch.map((m) => m.id);
    await ctx.db.$transaction(async (tx) => {
      const files = await tx.attachment.findMany({ where: { messageId: { in: ids } }, select: { id: true, sha256: true } });
      for (const f of files) hashes.add(f.sha256);
      for (const m of batch) if (m.htmlSha256) hashes.add(m.htmlSha256);
      const fileIds = files.map((f) => f.id);
      if (fileIds.length) {
        await tx.documentVersion.deleteMany({ where: { attachmentId: { in: fileIds } } });
        await tx.attachment.deleteMany({ where: { id: { in: fileIds } } });
      }
      await tx.message.updateMany({
        where: { id: { in: ids } },
        data: { text: "", html: null, htmlSha256: null, meta: {}, deliveryError: null },
      });
      // The raw payloads these messages were parsed from: a mail's event key is its Message-ID plus a hash.
      const raw = batch.filter((m) => m.providerMessageId);
      if (raw.length) {
        const events = await tx.inboundEvent.findMany({
          where: {
            OR: raw.map((m) => ({
              inboxId: m.inboxId,
              OR: [{ providerEventId: m.providerMessageId! }, { providerEventId: { startsWith: `${m.providerMessageId}#` } }],
            })),
          },
          select: { id: true, payloadSha256: true },
        });
        for (const e of events) if (e.payloadSha256) hashes.add(e.payloadSha256);
        if (events.length) await tx.inboundEvent.deleteMany({ where: { id: { in: events.map((e) => e.id) } } });
      }
    });
    erased += batch.length;
  }
  return { erased, hashes };
}

/**
 * The store is content-addressed: the same bytes may be another message's attachment, a library
 * document or a raw mail. A file goes only when no row names its hash any more.
 */
export async function deleteUnreferencedFiles(ctx: AppContext, hashes: Iterable<string>) {
  let deleted = 0;
  for (const sha256 of hashes) {
    const [files, bodies, raw] = await Promise.all([
      ctx.db.attachment.count({ where: { sha256 } }),
      ctx.db.message.count({ where: { htmlSha256: sha256 } }),
      ctx.db.inboundEvent.count({ where: { payloadSha256: sha256 } }),
    ]);
    if (files + bodies + raw > 0) continue;
    await ctx.storage.delete(sha256);
    deleted++;
  }
  return deleted;
}
