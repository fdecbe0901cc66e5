import path from "node:path";
import type { AppContext } from "~/server/context.ts";
import type { ChannelHost, ChannelKind, DeliveryUpdate, InboundAttachment } from "~/integrations/core/types.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { recordDelivery } from "~/server/domain/messages/record-delivery.ts";
import { addProviderAttachments, updateProviderMessage } from "~/server/domain/messages/update-provider-message.ts";
import { isUniqueViolation } from "~/server/db/errors.ts";
import { listInboxRuntimes, loadInboxRuntime } from "~/server/domain/inboxes/load-inbox-runtime.ts";
import { agentActions } from "./agent-actions.ts";
import { linkIdentity, visitorAttachment, visitorHistory } from "./chat-visitors.ts";

/** The ChannelHost port implemented on top of the domain: everything adapters may ask of Switchboard. */
export function createChannelHost(ctx: AppContext): ChannelHost {
  const log = ctx.log.child("channels");
  return {
    publicUrl: ctx.env.PUBLIC_URL,
    dataDir: path.resolve(ctx.env.DATA_DIR),
    log,
    getInbox: async (inboxId) => ((await loadInboxRuntime(ctx, inboxId))?.inbox ?? null) as never,
    listInboxes: async (kind: ChannelKind) => (await listInboxRuntimes(ctx, kind)) as never,
    ingest: (inboxId, message) => ingestInboundMessage(ctx, { inboxId, message }),
    async persistRawEvent(inboxId, providerEventId, payload) {
      try {
        const row = await ctx.db.inboundEvent.create({
          data: { inboxId, providerEventId: providerEventId.slice(0, 500), payload: new Uint8Array(payload) },
          select: { id: true },
        });
        return { id: row.id, duplicate: false };
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const row = await ctx.db.inboundEvent.findUniqueOrThrow({
          where: { inboxId_providerEventId: { inboxId, providerEventId: providerEventId.slice(0, 500) } },
          select: { id: true },
        });
        return { id: row.id, duplicate: true };
      }
    },
    async markRawEvent(id, outcome) {
      // updateMany: never read the (possibly large) payload back.
      await ctx.db.inboundEvent.updateMany({
        where: { id },
        data: outcome.ok
          ? { status: "done", processedAt: new Date(), lastError: null }
          : { status: "failed", lastError: outcome.error.slice(0, 2000), attempts: { increment: 1 } },
      });
    },
    updateDelivery: (inboxId, providerMessageId, update: DeliveryUpdate) => recordDelivery(ctx, { inboxId, providerMessageId, update }),
    async setOptOut(address, optedOut) {
      await ctx.db.contactIdentity.updateMany({
        where: { kind: address.kind, address: address.address },
        data: { optedOutAt: optedOut ? new Date() : null },
      });
    },
    async saveInboxState(inboxId, patch) {
      // Read-modify-write in one statement so concurrent pollers don't drop each other's keys.
      await ctx.sql.query(`UPDATE "Inbox" SET state = state || $2::jsonb WHERE id = $1`, [inboxId, JSON.stringify(patch)]);
    },
    async enqueueJob(inboxId, payload, opts) {
      await ctx.db.outboxJob.create({
        data: {
          kind: "adapter",
          messageId: opts?.messageId ?? null,
          payload: { ...payload, inboxId } as Prisma.InputJsonValue,
          runAt: new Date(Date.now() + (opts?.delayMs ?? 0)),
        },
      });
      ctx.outbox.wake();
    },
    addAttachments: (messageId, attachments: InboundAttachment[]) => addProviderAttachments(ctx, messageId, attachments),
    updateProviderMessage: (inboxId, providerMessageId, change) => updateProviderMessage(ctx, { inboxId, providerMessageId, change }),
    async findConversationByProviderId(inboxId, providerMessageId) {
      const m = await ctx.db.message.findUnique({
        where: { inboxId_providerMessageId: { inboxId, providerMessageId } },
        select: { conversationId: true },
      });
      return m;
    },
    async listDepartmentSlackChannels(inboxId) {
      const rows = await ctx.db.department.findMany({
        where: { slackInboxId: inboxId, slackChannelId: { not: null } },
        select: { id: true, slackChannelId: true },
      });
      return rows.map((r) => ({ departmentId: r.id, channelId: r.slackChannelId! }));
    },
    async getChannelLink(inboxId, externalId) {
      return ctx.db.slackChannelLink.findUnique({
        where: { inboxId_channelId: { inboxId, channelId: externalId } },
        select: { contactId: true, companyId: true },
      });
    },
    async setContactTyping(inboxId, threadKey, typing) {
      const c = await ctx.db.conversation.findFirst({
        where: { inboxId, threadKey, status: { not: "closed" }, mergedIntoId: null },
        orderBy: { lastActivityAt: "desc" },
        select: { id: true },
      });
      if (c) ctx.bus.publish({ type: "contact.typing", conversationId: c.id, typing });
    },
    subscribe(listener) {
      return ctx.bus.subscribe((e) => {
        if (e.type === "host") listener(e.event);
      });
    },
    signingKey: (purpose) => Buffer.from(ctx.secrets.mac(`signing-key:${purpose}`), "base64url"),
    rateLimit: (key, rule) => ctx.limiter.consume(`channel:${key}`, rule),
    linkIdentity: (from, alias, displayName) => linkIdentity(ctx, from, alias, displayName),
    visitorHistory: (inboxId, threadKey, opts) => visitorHistory(ctx, inboxId, threadKey, opts),
    visitorAttachment: (inboxId, threadKey, attachmentId) => visitorAttachment(ctx, inboxId, threadKey, attachmentId),
    agents: agentActions(ctx),
  };
}
