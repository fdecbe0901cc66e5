import { randomBytes } from "node:crypto";
import type { TestServer } from "./support/server.ts";

/**
 * Conversations with known event times for the reports suites: rows are written as the flows write
 * them (customer messages, replies, rule replies, notes, timeline events with `meta.event`), only with
 * a controlled `createdAt`, so the log's triggers see exactly what production writes.
 */
export interface TestConversation {
  id: string;
  contactId: string;
  inboxId: string;
  channel: string;
}

export async function createConversation(
  server: TestServer,
  input: {
    inboxId: string;
    channel: string;
    departmentId?: string;
    contactName: string;
    contactId?: string;
    companyId?: string;
    assigneeId?: string;
    tags?: string[];
  },
): Promise<TestConversation> {
  const db = server.ctx.db;
  const contactId =
    input.contactId ??
    (await db.contact.create({ data: { name: input.contactName, companyId: input.companyId ?? null }, select: { id: true } })).id;
  const c = await db.conversation.create({
    data: {
      inboxId: input.inboxId,
      contactId,
      departmentId: input.departmentId ?? null,
      assigneeId: input.assigneeId ?? null,
      tags: input.tags ?? [],
      replyToken: randomBytes(12).toString("hex"),
    },
    select: { id: true },
  });
  return { id: c.id, contactId, inboxId: input.inboxId, channel: input.channel };
}

export const at = (iso: string) => new Date(iso);

export function timeline(server: TestServer, c: TestConversation) {
  const write = (
    createdAt: string,
    data: {
      direction: "inbound" | "outbound" | "internal";
      kind?: "message" | "note" | "event";
      authorUserId?: string | null;
      text?: string;
      meta?: object;
    },
  ) =>
    server.ctx.db.message.create({
      data: {
        conversationId: c.id,
        contactId: c.contactId,
        inboxId: c.inboxId,
        channel: c.channel,
        createdAt: at(createdAt),
        direction: data.direction,
        kind: data.kind ?? "message",
        authorUserId: data.authorUserId ?? null,
        authorContactId: data.direction === "inbound" ? c.contactId : null,
        text: data.text ?? "",
        meta: (data.meta ?? {}) as never,
      },
    });
  return {
    customer: (when: string, text = "hello", meta?: object) => write(when, { direction: "inbound", text, meta }),
    reply: (when: string, userId: string, text = "answer") => write(when, { direction: "outbound", authorUserId: userId, text }),
    /** A rule's canned reply (no author, `meta.rule`), as server/domain/automation/rule-messages.ts writes it. */
    ruleReply: (when: string) =>
      write(when, { direction: "outbound", text: "We got your message", meta: { rule: { id: "r1", name: "Ack" } } }),
    note: (when: string, userId: string) => write(when, { direction: "internal", kind: "note", authorUserId: userId, text: "note" }),
    event: (when: string, meta: object, userId?: string) =>
      write(when, { direction: "internal", kind: "event", authorUserId: userId ?? null, text: "event", meta }),
    status: (when: string, status: string, userId?: string) =>
      write(when, {
        direction: "internal",
        kind: "event",
        authorUserId: userId ?? null,
        text: `status ${status}`,
        meta: { event: "status", status },
      }),
  };
}
