import type { AppContext } from "~/server/context.ts";
import { refreshDuplicates } from "./refresh-duplicates.ts";

/**
 * The timer's scan: only when a contact or identity changed since this node's last scan (several
 * nodes may scan; the upsert makes that harmless).
 */
export function duplicateScanner(ctx: AppContext) {
  let lastScan = new Date(0);
  return async () => {
    const startedAt = new Date();
    const [contact, identity] = await Promise.all([
      ctx.db.contact.findFirst({ where: { updatedAt: { gt: lastScan } }, select: { id: true } }),
      ctx.db.contactIdentity.findFirst({ where: { createdAt: { gt: lastScan } }, select: { id: true } }),
    ]);
    if (!contact && !identity) return;
    await refreshDuplicates(ctx);
    lastScan = startedAt;
  };
}
