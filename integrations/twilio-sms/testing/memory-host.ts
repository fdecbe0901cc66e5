import type { Address, ChannelHost, DeliveryUpdate, InboundAttachment, InboundMessage, InboxRuntime } from "~/integrations/core/types.ts";

/**
 * An in-memory ChannelHost for the adapter's own tests: a test double of the port, recording what the
 * adapter asked for. The real host (server/channels/host.ts) is exercised by test/twilio-sms.test.ts.
 */
export function createMemoryHost(publicUrl: string, inboxes: InboxRuntime[]) {
  const messages: (InboundMessage & { id: string; attachments: InboundAttachment[] })[] = [];
  const rawEvents = new Map<string, { id: string; outcome?: { ok: true } | { ok: false; error: string } }>();
  const deliveries: { inboxId: string; providerMessageId: string; update: DeliveryUpdate }[] = [];
  const optOuts: { address: Address; optedOut: boolean }[] = [];
  const jobs: { inboxId: string; payload: Record<string, unknown>; messageId?: string }[] = [];
  const logged: string[] = [];

  const host: ChannelHost = {
    publicUrl,
    dataDir: "/nonexistent",
    getInbox: async <C>(id: string) => (inboxes.find((i) => i.id === id) as InboxRuntime<C> | undefined) ?? null,
    listInboxes: async <C>(kind: string) => inboxes.filter((i) => i.kind === kind) as InboxRuntime<C>[],
    async ingest(inboxId, message) {
      const existing = messages.find((m) => m.providerMessageId === message.providerMessageId);
      if (existing) return { messageId: existing.id, conversationId: "c1", duplicate: true };
      const id = `msg_${messages.length + 1}`;
      messages.push({ ...message, id, attachments: [] });
      // Like the real host: follow-up jobs are queued with the newly stored message only.
      for (const payload of message.jobs ?? []) jobs.push({ inboxId, payload: { ...payload, inboxId, messageId: id }, messageId: id });
      return { messageId: id, conversationId: "c1", duplicate: false };
    },
    async persistRawEvent(inboxId, eventId) {
      const key = `${inboxId}:${eventId}`;
      const existing = rawEvents.get(key);
      if (existing) return { id: existing.id, duplicate: true };
      const id = `raw_${rawEvents.size + 1}`;
      rawEvents.set(key, { id });
      return { id, duplicate: false };
    },
    async markRawEvent(id, outcome) {
      for (const e of rawEvents.values()) if (e.id === id) e.outcome = outcome;
    },
    async updateDelivery(inboxId, providerMessageId, update) {
      deliveries.push({ inboxId, providerMessageId, update });
    },
    async setOptOut(address, optedOut) {
      optOuts.push({ address, optedOut });
    },
    async saveInboxState() {},
    async enqueueJob(inboxId, payload, opts) {
      jobs.push({ inboxId, payload, messageId: opts?.messageId });
    },
    async addAttachments(messageId, attachments) {
      const message = messages.find((m) => m.id === messageId);
      if (!message) throw new Error(`no message ${messageId}`);
      message.attachments.push(...attachments);
    },
    async updateProviderMessage() {},
    findConversationByProviderId: async () => null,
    getChannelLink: async () => null,
    listDepartmentSlackChannels: async () => [],
    setContactTyping: unused("setContactTyping"),
    subscribe: () => () => {},
    // Parts of the port the SMS adapter never uses: fail loudly if it starts to.
    signingKey: unused("signingKey"),
    rateLimit: unused("rateLimit"),
    linkIdentity: unused("linkIdentity"),
    visitorHistory: unused("visitorHistory"),
    visitorAttachment: unused("visitorAttachment"),
    agents: undefined as never,
    log: { info: (m) => void logged.push(m), warn: (m) => void logged.push(m), error: (m) => void logged.push(m) },
  };
  return { host, messages, rawEvents, deliveries, optOuts, jobs, logged };
}

function unused(name: string) {
  return (): never => {
    throw new Error(`The Twilio SMS adapter does not use host.${name}`);
  };
}
