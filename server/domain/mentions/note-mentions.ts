import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { conversationLabel, notify } from "~/server/domain/notifications/notify.ts";
import { findMentionTokens, renderMentions, type StoredMention } from "~/common/mentions.ts";

/** Turns a note's mention markup into plain text + resolved mentions (before the note is stored). */
export async function resolveNoteMentions(ctx: AppContext, raw: string) {
  const tokens = findMentionTokens(raw);
  if (tokens.length === 0) return { text: raw, mentions: [] as StoredMention[] };
  const ids = (type: string) => [...new Set(tokens.filter((t) => t.type === type).map((t) => t.id))];
  const [users, departments] = await Promise.all([
    ctx.db.user.findMany({ where: { id: { in: ids("user") }, disabledAt: null }, select: { id: true, name: true } }),
    ctx.db.department.findMany({ where: { id: { in: ids("department") } }, select: { id: true, name: true } }),
  ]);
  const names = new Map([
    ...users.map((u) => [`user:${u.id}`, u.name] as const),
    ...departments.map((d) => [`department:${d.id}`, d.name] as const),
  ]);
  return renderMentions(raw, (type, id) => names.get(`${type}:${id}`) ?? null);
}

/**
 * After the note is committed: notify mentioned people (a department mention reaches its members),
 * skipping the author and anyone who cannot see the conversation, and tell channel integrations
 * (Slack DMs) through the host event `note.mentioned`.
 */
export async function notifyNoteMentions(
  ctx: AppContext,
  actor: Actor,
  input: { conversationId: string; messageId: string; text: string; mentions: StoredMention[] },
) {
  if (input.mentions.length === 0) return;
  const departmentIds = input.mentions.filter((m) => m.type === "department").map((m) => m.id);
  const members = departmentIds.length
    ? await ctx.db.departmentMember.findMany({ where: { departmentId: { in: departmentIds } }, select: { userId: true } })
    : [];
  const userIds = [...input.mentions.filter((m) => m.type === "user").map((m) => m.id), ...members.map((m) => m.userId)];
  const c = await ctx.db.conversation.findUniqueOrThrow({
    where: { id: input.conversationId },
    select: { number: true, subject: true, departmentId: true },
  });
  const notified = await notify(ctx, {
    userIds,
    kind: "mention",
    conversationId: input.conversationId,
    messageId: input.messageId,
    text: { message: "mention", actor: actor.name, conversation: conversationLabel(c) },
    exceptUserId: actor.id,
  });
  if (notified.length === 0) return;
  ctx.bus.publish({
    type: "host",
    event: {
      type: "note.mentioned",
      conversationId: input.conversationId,
      number: c.number,
      subject: c.subject,
      departmentId: c.departmentId,
      mentionedUsers: notified,
      authorName: actor.name,
      text: input.text.slice(0, 1000),
    },
  });
}
