import type { Prisma } from "~/server/db/generated/client.ts";

/** Customer-visible = a message (never a note or event) in or out, not deleted. */
export const visibleWhere = {
  kind: "message",
  direction: { in: ["inbound", "outbound"] },
  deletedAt: null,
} satisfies Prisma.MessageWhereInput;
