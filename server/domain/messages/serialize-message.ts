import type { Prisma } from "~/server/db/generated/client.ts";
import type { RealtimeMessage } from "~/common/realtime-contract.ts";
import { messageHtmlUrl } from "~/common/urls.ts";

/** A message's own columns that are shown; an insert can return exactly these in one statement. */
export const messageColumnsSelect = {
  id: true,
  direction: true,
  kind: true,
  channel: true,
  text: true,
  html: true,
  htmlSha256: true,
  createdAt: true,
  deliveryStatus: true,
  deliveryError: true,
  meta: true,
  editedAt: true,
  deletedAt: true,
  sendAt: true,
  conversationId: true,
} satisfies Prisma.MessageSelect;

/** The one select used wherever messages are shown, so every surface renders the same shape. */
export const messageSelect = {
  ...messageColumnsSelect,
  authorUser: { select: { id: true, name: true } },
  authorContact: { select: { id: true, name: true } },
  attachments: { select: { id: true, filename: true, contentType: true, size: true }, orderBy: { createdAt: "asc" } },
} satisfies Prisma.MessageSelect;

export type MessageRow = Prisma.MessageGetPayload<{ select: typeof messageSelect }>;

export function serializeMessage(m: MessageRow): RealtimeMessage {
  const author = m.authorUser
    ? { type: "user" as const, id: m.authorUser.id, name: m.authorUser.name }
    : m.authorContact
      ? { type: "contact" as const, id: m.authorContact.id, name: m.authorContact.name }
      : null;
  const meta = { ...((m.meta as Record<string, unknown>) ?? {}) };
  if (m.editedAt) meta.editedAt = m.editedAt.toISOString();
  if (m.deletedAt) meta.deletedAt = m.deletedAt.toISOString();
  return {
    id: m.id,
    direction: m.direction,
    kind: m.kind,
    channel: m.channel,
    text: m.text,
    html: m.html,
    htmlUrl: m.htmlSha256 ? messageHtmlUrl(m.id) : null,
    createdAt: m.createdAt.toISOString(),
    author,
    deliveryStatus: m.deliveryStatus,
    deliveryError: m.deliveryError,
    attachments: m.attachments,
    meta,
    sendAt: m.sendAt?.toISOString() ?? null,
  };
}
