import { randomBytes, randomUUID } from "node:crypto";
import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import type { InboundAttachment, InboundMessage } from "~/integrations/core/types.ts";
import type { IngestResult } from "~/integrations/core/host.ts";
import { derivedProviderId } from "~/integrations/core/provider-id.ts";
import { sanitizeUntrustedHtml } from "~/server/lib/sanitize-html-pool.ts";
import { AppError } from "~/server/lib/errors.ts";
import { resolveParticipant, resolveSender } from "~/server/domain/identities/resolve-sender.ts";
import { pickConversation, pointedConversation } from "~/server/domain/conversations/pick-conversation.ts";
import { statusOnCustomerReply } from "~/common/status-machine.ts";
import { announceMessage } from "./publish.ts";
import { placeMessageHtml } from "./message-html-store.ts";
import { messageColumnsSelect } from "./serialize-message.ts";
import { loadConversationRow } from "~/server/domain/conversations/load-conversation-row.ts";
import { audienceOf, serializeConversation } from "~/server/domain/conversations/serialize-conversation.ts";
import { slaSummaries } from "~/server/domain/sla/serialize-sla.ts";
import type { ConversationRow } from "~/server/domain/conversations/load-conversation-row.ts";
import { attachmentUrl } from "~/common/urls.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";
import { afterInboundCommitted } from "~/server/domain/automation/after-inbound.ts";
import { recordEvent } from "~/server/domain/timeline/record-event.ts";
import { storable } from "~/server/lib/storable-text.ts";
import { cachedInbox } from "~/server/domain/inboxes/inbox-cache.ts";
import { updateSlaClocks } from "~/server/domain/sla/sla-clocks.ts";
import type { SenderAuthVerdict, UnverifiedReason } from "~/common/vocabulary.ts";

export const MAX_TEXT_LENGTH = 200_000;

/**
 * Stores one inbound message from any channel: resolve the sender → pick the conversation
 * (threading) → insert the message, unique on (inbox, provider id) → update the conversation,
 * all in one transaction; events are published after commit. A provider retry is a no-op.
 */
export async function ingestInboundMessage(ctx: AppContext, input: { inboxId: string; message: InboundMessage }): Promise<IngestResult> {
  const { inboxId } = input;
  // Every text, name and hint is made storable here, once for all channels, so nothing accepted fails the insert.
  const message = storable(input.message);
  const inbox = await cachedInbox(ctx, inboxId);
  if (!inbox) throw new AppError("not_found", "Inbox not found");
  // No lookup first: a re-delivery fails the insert on (inbox, provider id) and is answered below,
  // which costs a rolled back transaction on the rare retry instead of a statement on every message.
  let providerMessageId = message.providerMessageId;

  // Files first, outside the transaction (content-addressed, so a rolled back ingest leaves no garbage rows).
  const files = await storeFiles(ctx, message.attachments ?? []);
  const cidUrls = Object.fromEntries(files.filter((f) => f.contentId).map((f) => [f.contentId!, attachmentUrl(f.id)]));
  // Sanitised once, in a worker; HTML too deep, too big or too slow for that is dropped and the text kept.
  const sanitized = message.html ? await sanitizeUntrustedHtml(message.html, cidUrls) : { html: null };
  const body = await placeMessageHtml(ctx, sanitized.html);
  const htmlDropped = "dropped" in sanitized ? sanitized.dropped : undefined;
  if (htmlDropped) ctx.log.warn(`ingest: HTML of ${message.providerMessageId} in inbox ${inboxId} dropped (${htmlDropped}); text kept`);
  const text = (!message.text.trim() && "text" in sanitized ? sanitized.text : message.text).slice(0, MAX_TEXT_LENGTH);

  const run = () =>
    ctx.db.$transaction(async (tx) => {
      const sender = await resolveSender(tx, { from: message.from, aliases: message.fromAliases, owner: message.owner });
      const unverified = unverifiedReason(message.senderAuth, sender.createdContact);
      const picked = await pickConversation(tx, {
        inboxId,
        contactId: sender.contactId,
        identityId: sender.identityId,
        createdContact: sender.createdContact,
        owner: message.owner,
        hints: message.threading ?? {},
      });
      const now = new Date();
      let conversationId: string;
      let created = false;
      let reopened = false;
      if (picked) {
        conversationId = picked.conversationId;
        const next = statusOnCustomerReply(picked.status, message.automated ?? false) ?? picked.status;
        reopened = next !== picked.status;
        await tx.conversation.update({
          where: { id: conversationId },
          data: {
            status: next,
            snoozedUntil: next === "open" ? null : undefined,
            lastActivityAt: now,
            lastCustomerMessageAt: message.automated ? undefined : now,
          },
        });
      } else {
        // Threading that points at someone else's ticket links the new conversation to it instead.
        const relatedToId = hasThreadingPointer(message) ? await pointedConversation(tx, inboxId, message.threading ?? {}) : null;
        // Read in the transaction, not from the cached inbox: a conversation never lands in the
        // department the inbox just left (restricted departments).
        const { departmentId } = await tx.inbox.findUniqueOrThrow({ where: { id: inboxId }, select: { departmentId: true } });
        const conversation = await tx.conversation.create({
          data: {
            inboxId,
            relatedToId,
            contactId: sender.contactId,
            departmentId,
            subject: (message.subject?.trim() || text.trim().split("\n")[0] || "").slice(0, 200),
            threadKey: message.threading?.threadKey ?? null,
            replyToken: randomBytes(12)
              .toString("base64url")
              .toLowerCase()
              .replace(/[^a-z0-9]/g, "x"),
            lastActivityAt: now,
            lastCustomerMessageAt: message.automated ? null : now,
          },
          select: { id: true },
        });
        conversationId = conversation.id;
        created = true;
      }
      // An unverified mail's To/Cc would receive the replies: a spoofer could Cc themselves (decision 014).
      await recordParticipants(tx, conversationId, sender.identityId, unverified ? { ...message, participants: [] } : message);
      if (reopened) {
        await recordEvent(tx, { conversationId, contactId: sender.contactId, inboxId, channel: inbox.kind }, null, { event: "reopened" });
      }
      const stored = await tx.message.create({
        data: {
          conversationId,
          contactId: sender.contactId,
          inboxId,
          direction: "inbound",
          kind: "message",
          channel: inbox.kind,
          authorContactId: sender.contactId,
          text,
          html: body.html,
          htmlSha256: body.htmlSha256,
          providerMessageId,
          meta: {
            ...(message.meta ?? {}),
            ...(htmlDropped ? { htmlDropped } : {}),
            ...(message.automated ? { automated: true } : {}),
            ...(unverified ? { unverified } : {}),
            ...(message.contentHash ? { contentHash: message.contentHash } : {}),
          } as Prisma.InputJsonValue,
          createdAt: now,
        },
        // Scalars only, so the insert returns them in one statement (a nested create or select reads back).
        select: messageColumnsSelect,
      });
      if (files.length) {
        await tx.attachment.createMany({
          data: files.map((f) => ({
            id: f.id,
            messageId: stored.id,
            filename: f.filename,
            contentType: f.contentType,
            size: f.size,
            sha256: f.sha256,
            contentId: f.contentId ?? null,
            inline: f.inline,
          })),
        });
      }
      // An auto-reply neither starts nor resets an SLA clock (integrations/email/automated.ts marks it).
      const hasSla = await updateSlaClocks(
        tx,
        conversationId,
        { kind: "customer-message", created, automated: message.automated ?? false },
        now,
      );
      for (const job of message.jobs ?? []) {
        await tx.outboxJob.create({
          data: { kind: "adapter", messageId: stored.id, payload: { ...job, inboxId, messageId: stored.id } as Prisma.InputJsonValue },
        });
      }
      // The realtime row, as publishMessage would read it back: the author and files are known here.
      const row = {
        ...stored,
        contactId: sender.contactId,
        authorUser: null,
        authorContact: { id: sender.contactId, name: sender.contactName },
        attachments: files.map((f) => ({ id: f.id, filename: f.filename, contentType: f.contentType, size: f.size })),
      };
      return {
        row,
        conversationId,
        created,
        reopened,
        hasSla,
        createdContact: sender.createdContact ? { id: sender.contactId, name: sender.contactName } : null,
      };
    });

  let result: Awaited<ReturnType<typeof run>> | undefined;
  for (let attempt = 1; !result; attempt++) {
    try {
      result = await run();
    } catch (err) {
      if (!isUniqueViolation(err) || attempt === 3) throw err;
      // The provider message is stored already: that is the retry case (or another mail reusing its
      // Message-ID is: this one then takes the derived id). Or two first messages from the same new
      // address raced on the identity: run once more.
      const again = await providerKey(ctx, inboxId, message);
      if ("duplicate" in again) return again.duplicate;
      providerMessageId = again.providerMessageId;
    }
  }

  if (message.jobs?.length) ctx.outbox.wake();
  const { row, conversationId, created, reopened, hasSla, createdContact } = result;
  if (createdContact) {
    ctx.bus.publish({ type: "contact.changed", change: "created", contact: createdContact });
  }
  const automated = message.automated === true;
  // Loaded once after commit for the events, notifications and auto-assignment below.
  const conversation = await loadConversationRow(ctx.db, conversationId);
  if (conversation) {
    // One frame per message: the conversation's new list row rides along (issue 18). `status` only when
    // this message reopened it, so webhooks and rules see a status change only when there was one.
    const changes = created ? ["created"] : reopened ? ["lastActivityAt", "status"] : ["lastActivityAt"];
    announceMessage(
      ctx,
      row,
      audienceOf(conversation),
      "message.created",
      { conversation: await listRow(ctx, conversation, row, hasSla), changes },
      automated,
    );
    // Auto-replies are kept on the timeline only: no notification, assignment or automation (decision 013).
    if (!automated) await afterInboundCommitted(ctx, { conversation, messageId: row.id, created, text, automated });
  }
  return { messageId: row.id, conversationId, receivedAt: row.createdAt, duplicate: false, ...(automated ? { automated } : {}) };
}

/**
 * The conversation's list row after this message: its last message is the one just stored (no read
 * back), and its SLA state is read only when it may have one (issue 18).
 */
async function listRow(
  ctx: AppContext,
  conversation: ConversationRow,
  row: { text: string; direction: string; kind: string; createdAt: Date; deliveryStatus: string | null },
  hasSla: boolean,
) {
  const sla = hasSla ? ((await slaSummaries(ctx.db, [conversation.id])).get(conversation.id) ?? null) : null;
  const last = {
    text: row.text.slice(0, 200),
    direction: row.direction,
    kind: row.kind,
    createdAt: row.createdAt.toISOString(),
    authorUserId: null,
    deliveryStatus: row.deliveryStatus,
  };
  return serializeConversation(conversation, last, sla);
}

function hasThreadingPointer(message: InboundMessage): boolean {
  const t = message.threading;
  return !!(t?.replyToken || t?.ticketNumber || t?.references?.length);
}

type Stored = { id: string; conversationId: string; meta: unknown; createdAt: Date };

/**
 * The provider id to store the message under, or the message already stored. A sender-chosen id
 * (email Message-ID) seen before with other content is a different message: it is stored under the
 * id suffixed with its content hash, so a retry of either one still finds it. A message stored
 * without a hash (before hashes were kept) counts as the same message.
 */
async function providerKey(
  ctx: AppContext,
  inboxId: string,
  message: InboundMessage,
): Promise<{ providerMessageId: string } | { duplicate: IngestResult }> {
  const existing = await findStored(ctx, inboxId, message.providerMessageId);
  if (!existing) return { providerMessageId: message.providerMessageId };
  const storedHash = (existing.meta as { contentHash?: unknown } | null)?.contentHash;
  if (!message.contentHash || !storedHash || storedHash === message.contentHash) return { duplicate: asDuplicate(existing) };
  const providerMessageId = derivedProviderId(message.providerMessageId, message.contentHash);
  const again = await findStored(ctx, inboxId, providerMessageId);
  return again ? { duplicate: asDuplicate(again) } : { providerMessageId };
}

function findStored(ctx: AppContext, inboxId: string, providerMessageId: string): Promise<Stored | null> {
  return ctx.db.message.findUnique({
    where: { inboxId_providerMessageId: { inboxId, providerMessageId } },
    select: { id: true, conversationId: true, meta: true, createdAt: true },
  });
}

function asDuplicate(found: { id: string; conversationId: string; createdAt: Date }): IngestResult {
  return { messageId: found.id, conversationId: found.conversationId, receivedAt: found.createdAt, duplicate: true };
}

async function storeFiles(ctx: AppContext, attachments: InboundAttachment[]) {
  const out = [];
  for (const a of attachments) {
    const { sha256, size } = await ctx.storage.put(a.content);
    out.push({
      id: randomUUID(),
      filename: a.filename || "attachment",
      contentType: a.contentType || "application/octet-stream",
      size,
      sha256,
      contentId: a.contentId,
      inline: a.inline ?? false,
    });
  }
  return out;
}

/**
 * Threaded with a flag rather than held (docs/decisions/014-unverified-senders.md): a sender whose
 * domain says the mail is not theirs, or a known customer's address that nothing vouched for.
 */
function unverifiedReason(verdict: SenderAuthVerdict | undefined, newSender: boolean): UnverifiedReason | null {
  if (verdict === "fail") return "auth_failed";
  if (verdict === "none" && !newSender) return "known_sender_unauthenticated";
  return null;
}

async function recordParticipants(tx: Prisma.TransactionClient, conversationId: string, senderIdentityId: string, message: InboundMessage) {
  const entries: { identityId: string; role: "from" | "to" | "cc" }[] = [{ identityId: senderIdentityId, role: "from" }];
  for (const p of message.participants ?? []) {
    entries.push({ identityId: await resolveParticipant(tx, p.address), role: p.role });
  }
  // One INSERT … ON CONFLICT DO NOTHING: an upsert is up to three statements per participant.
  // Someone already on the conversation keeps their first role, and the first entry per identity wins.
  const seen = new Set<string>();
  const data = entries
    .filter((e) => !seen.has(e.identityId) && seen.add(e.identityId))
    .map((e) => ({ conversationId, identityId: e.identityId, role: e.role }));
  await tx.conversationParticipant.createMany({ data, skipDuplicates: true });
}
