import type { Prisma } from "~/server/db/generated/client.ts";

/**
 * Customer-visible = a message (never a note or event) in or out, not deleted, and not a reply still
 * held in its undo window (decision 027: the customer sees it only once the window closed).
 */
export const visibleWhere = {
  kind: "message",
  direction: { in: ["inbound", "outbound"] },
  deletedAt: null,
  sendAt: null,
} satisfies Prisma.MessageWhereInput;
