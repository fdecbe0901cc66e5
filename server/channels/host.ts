import path from "node:path";
import type { ChannelHost, HostInfrastructure } from "~/integrations/core/host.ts";
import { isDatabaseUnavailable } from "~/server/db/errors.ts";
import type { AppContext } from "~/server/context.ts";
import { claimChannelLease, releaseChannelLease } from "~/server/domain/channels/channel-lease.ts";
import { findChannelLink } from "~/server/domain/channel-links/find-channel-link.ts";
import { listDepartmentChannels } from "~/server/domain/channel-links/list-department-channels.ts";
import { linkIdentity } from "~/server/domain/identities/link-identity.ts";
import { markComplained } from "~/server/domain/identities/mark-complained.ts";
import { setOptOut } from "~/server/domain/identities/set-opt-out.ts";
import { enqueueAdapterJob } from "~/server/domain/inbound/enqueue-adapter-job.ts";
import { findConversationByProviderId } from "~/server/domain/inbound/find-conversation-by-provider-id.ts";
import { markRawEvent } from "~/server/domain/inbound/mark-raw-event.ts";
import { persistRawEvent } from "~/server/domain/inbound/persist-raw-event.ts";
import { listInboxRuntimes, loadInboxRuntime } from "~/server/domain/inboxes/load-inbox-runtime.ts";
import { cachedInbox, cachedInboxList } from "~/server/domain/inboxes/inbox-cache.ts";
import { saveInboxState } from "~/server/domain/inboxes/save-inbox-state.ts";
import { ingestInboundMessage } from "~/server/domain/messages/ingest-inbound-message.ts";
import { recordBounce } from "~/server/domain/messages/record-bounce.ts";
import { recordDelivery } from "~/server/domain/messages/record-delivery.ts";
import { addProviderAttachments, updateProviderMessage } from "~/server/domain/messages/update-provider-message.ts";
import { setContactTyping } from "~/server/domain/visitors/set-contact-typing.ts";
import { visitorAttachment } from "~/server/domain/visitors/visitor-attachment.ts";
import { visitorHistory } from "~/server/domain/visitors/visitor-history.ts";
import { openingStateOf } from "~/server/domain/business-hours/opening-state.ts";
import { agentActions } from "./agent-actions.ts";

/** The ChannelHost port wired to the domain: each member delegates to one domain flow. */
export function createChannelHost(ctx: AppContext): ChannelHost {
  return {
    ...infrastructure(ctx),
    inbound: {
      ingest: (inboxId, message) => ingestInboundMessage(ctx, { inboxId, message }),
      persistRawEvent: (inboxId, providerEventId, payload) => persistRawEvent(ctx, { inboxId, providerEventId, payload }),
      markRawEvent: (id, outcome) => markRawEvent(ctx, id, outcome),
      updateDelivery: (inboxId, providerMessageId, update) => recordDelivery(ctx, { inboxId, providerMessageId, update }),
      recordBounce: (inboxId, report) => recordBounce(ctx, { inboxId, report }),
      recordComplaint: async (_inboxId, addresses, at) => ({ marked: await markComplained(ctx, { addresses, at }) }),
      updateProviderMessage: (inboxId, providerMessageId, change) => updateProviderMessage(ctx, { inboxId, providerMessageId, change }),
      addAttachments: (messageId, attachments) => addProviderAttachments(ctx, messageId, attachments),
      findConversationByProviderId: (inboxId, providerMessageId) => findConversationByProviderId(ctx, { inboxId, providerMessageId }),
      enqueueJob: (inboxId, payload, opts) => enqueueAdapterJob(ctx, { inboxId, payload, ...opts }),
    },
    identities: {
      setOptOut: (address, optedOut, at) => setOptOut(ctx, { address, optedOut, at }),
      linkIdentity: (from, alias, displayName) => linkIdentity(ctx, from, alias, displayName),
    },
    visitors: {
      history: (inboxId, threadKey, opts) => visitorHistory(ctx, inboxId, threadKey, opts),
      attachment: (inboxId, threadKey, attachmentId) => visitorAttachment(ctx, inboxId, threadKey, attachmentId),
      setTyping: (inboxId, threadKey, typing) => setContactTyping(ctx, { inboxId, threadKey, typing }),
      closedUntil: async (inboxId) => {
        // The widget speaks for the inbox: its own hours first, else its department's.
        const state = await openingStateOf(ctx, { inboxId }, "inbox");
        return state && !state.open ? { nextOpeningAt: state.nextOpeningAt } : null;
      },
    },
    links: {
      channelLink: (inboxId, externalId) => findChannelLink(ctx, { inboxId, externalId }),
      departmentChannels: (inboxId) => listDepartmentChannels(ctx, inboxId),
    },
    agents: agentActions(ctx),
  };
}

function infrastructure(ctx: AppContext): HostInfrastructure {
  return {
    publicUrl: ctx.env.PUBLIC_URL,
    dataDir: path.resolve(ctx.env.DATA_DIR),
    log: ctx.log.child("channels"),
    getInbox: async (inboxId, options) =>
      (options?.cached ? await cachedInbox(ctx, inboxId) : ((await loadInboxRuntime(ctx, inboxId))?.inbox ?? null)) as never,
    listInboxes: async (kind, options) =>
      (options?.cached ? await cachedInboxList(ctx, kind) : await listInboxRuntimes(ctx, kind)) as never,
    saveInboxState: (inboxId, patch) => saveInboxState(ctx, inboxId, patch),
    subscribe: (listener) =>
      ctx.bus.subscribe((e) => {
        if (e.type === "host") listener(e.event);
      }),
    signingKey: (purpose) => Buffer.from(ctx.secrets.mac(`signing-key:${purpose}`), "base64url"),
    isTemporaryFailure: isDatabaseUnavailable,
    rateLimit: (key, rule) => ctx.limiter.consume(`channel:${key}`, rule),
    leases: {
      claim: (key, ttlMs) => claimChannelLease(ctx, `channel:${key}`, ttlMs),
      release: (key) => releaseChannelLease(ctx, `channel:${key}`),
    },
  };
}
