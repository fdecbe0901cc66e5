import { randomBytes, randomUUID } from "node:crypto";
import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import type { InboundAttachment, InboundMessage } from "~/integrations/core/types.ts";
import type { IngestResult } from "~/integrations/core/host.ts";
import { derivedProviderId } from "~/integrations/core/provider-id.ts";
import { sanitizeUntrustedHtml } from "~/server/lib/sanitize-html-pool.ts";
import { AppError } from "~/server/lib/errors.ts";
import { resolveParticipant, resolveSender } from "~/server/domain/identities/resolve-sender.ts";
import { pickConversation } from "~/server/domain/conversations/pick-conversation.ts";
import { statusOnCustomerReply } from "~/common/status-machine.ts";
import { publishMessage } from "./publish.ts";
import { placeMessageHtml } from "./message-html-store.ts";
import { attachmentUrl } from "~/common/urls.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";
import { afterInboundCommitted } from "~/server/domain/automation/after-inbound.ts";
import { recordEvent } from "~/server/domain/timeline/record-event.ts";
import { storable } from "~/server/lib/storable-text.ts";

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
  const key = await providerKey(ctx, inboxId, message);
  if ("duplicate" in key) return key.duplicate;
  let { providerMessageId } = key;

  const inbox = await ctx.db.inbox.findUnique({
    where: { id: inboxId },
    select: { id: true, kind: true, enabled: true, departmentId: true },
  });
  if (!inbox) throw new AppError("not_found", "Inbox not found");

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
      const picked = await pickConversation(tx, {
        inboxId,
        contactId: sender.contactId,
        identityId: sender.identityId,
        owner: message.owner,
        hints: message.threading ?? {},
      });
      const now = new Date();
      let conversationId: string;
      let created = false;
      let reopened = false;
      if (picked) {
        conversationId = picked.conversationId;
        const current = await tx.conversation.findUniqueOrThrow({ where: { id: conversationId }, select: { status: true } });
        const next = statusOnCustomerReply(current.status, message.automated ?? false) ?? current.status;
        reopened = next !== current.status;
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
        const conversation = await tx.conversation.create({
          data: {
            inboxId,
            contactId: sender.contactId,
            departmentId: inbox.departmentId,
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
      await recordParticipants(tx, conversationId, sender.identityId, message);
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
            ...(message.contentHash ? { contentHash: message.contentHash } : {}),
          } as Prisma.InputJsonValue,
          createdAt: now,
          attachments: {
            create: files.map((f) => ({
              id: f.id,
              filename: f.filename,
              contentType: f.contentType,
              size: f.size,
              sha256: f.sha256,
              contentId: f.contentId ?? null,
              inline: f.inline,
            })),
          },
        },
        select: { id: true, createdAt: true },
      });
      for (const job of message.jobs ?? []) {
        await tx.outboxJob.create({
          data: { kind: "adapter", messageId: stored.id, payload: { ...job, inboxId, messageId: stored.id } as Prisma.InputJsonValue },
        });
      }
      return {
        messageId: stored.id,
        receivedAt: stored.createdAt,
        conversationId,
        contactId: sender.contactId,
        created,
        rule: picked?.rule ?? null,
      };
    });

  let result: Awaited<ReturnType<typeof run>>;
  try {
    result = await run();
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // A concurrent delivery of the same provider message won the race: that is the retry case
    // (or another mail reusing its Message-ID did: this one then takes the derived id).
    const again = await providerKey(ctx, inboxId, message);
    if ("duplicate" in again) return again.duplicate;
    providerMessageId = again.providerMessageId;
    // Two first messages from the same new address raced on the identity: run once more.
    result = await run();
  }

  if (message.jobs?.length) ctx.outbox.wake();
  await publishMessage(ctx, result.messageId, "message.created", {
    conversationChanges: result.created ? ["created"] : ["lastActivityAt", "status"],
  });
  await afterInboundCommitted(ctx, { conversationId: result.conversationId, created: result.created, text });
  return { messageId: result.messageId, conversationId: result.conversationId, receivedAt: result.receivedAt, duplicate: false };
}

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

function findStored(ctx: AppContext, inboxId: string, providerMessageId: string) {
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

async function recordParticipants(tx: Prisma.TransactionClient, conversationId: string, senderIdentityId: string, message: InboundMessage) {
  const entries: { identityId: string; role: "from" | "to" | "cc" }[] = [{ identityId: senderIdentityId, role: "from" }];
  for (const p of message.participants ?? []) {
    entries.push({ identityId: await resolveParticipant(tx, p.address), role: p.role });
  }
  for (const e of entries) {
    await tx.conversationParticipant.upsert({
      where: { conversationId_identityId: { conversationId, identityId: e.identityId } },
      create: { conversationId, identityId: e.identityId, role: e.role },
      update: {},
    });
  }
}
