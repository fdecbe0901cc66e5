import type { ChannelHost, HostEvent, InboundAttachment, InboundMessage, InboxRuntime } from "~/integrations/core/types.ts";

/**
 * An in-memory ChannelHost for the Slack adapter's own tests: a test double of the port (not of
 * Switchboard), recording what the adapter asked for. The real host is exercised by test/slack.test.ts.
 */
export function memoryHost(inbox: InboxRuntime) {
  const ingested: { inboxId: string; message: InboundMessage; messageId: string; conversationId: string }[] = [];
  const rawEvents = new Map<string, { id: string; outcome?: { ok: boolean; error?: string } }>();
  const jobs: { inboxId: string; payload: Record<string, unknown>; messageId?: string }[] = [];
  const attachments: { messageId: string; files: InboundAttachment[] }[] = [];
  const updates: { providerMessageId: string; change: { text?: string; deleted?: boolean } }[] = [];
  const links = new Map<string, { contactId: string | null; companyId: string | null }>();
  const departmentChannels: { departmentId: string; channelId: string }[] = [];
  const users = new Map<string, { id: string; name: string; role: string }>();
  const actions: { action: string; args: unknown[] }[] = [];
  const listeners = new Set<(e: HostEvent) => void>();
  const logs: { level: string; msg: string }[] = [];
  let seq = 0;

  // Partial: host methods the Slack adapter never calls (web chat's, for instance) are left out.
  const impl: Partial<ChannelHost> & { listDepartmentSlackChannels(inboxId: string): Promise<typeof departmentChannels> } = {
    publicUrl: "https://sb.example",
    dataDir: "/tmp",
    getInbox: async <C>(id: string) => (id === inbox.id ? (structuredClone(inbox) as InboxRuntime<C>) : null),
    listInboxes: async <C>() => [structuredClone(inbox) as InboxRuntime<C>],
    async ingest(inboxId, message) {
      const prior = ingested.find((i) => i.inboxId === inboxId && i.message.providerMessageId === message.providerMessageId);
      if (prior) return { messageId: prior.messageId, conversationId: prior.conversationId, duplicate: true };
      const threadKey = message.threading?.threadKey;
      const sameThread = !message.threading?.startsThread && ingested.find((i) => i.message.threading?.threadKey === threadKey);
      const conversationId = message.threading?.conversationId ?? (sameThread ? sameThread.conversationId : `conv${++seq}`);
      const entry = { inboxId, message, messageId: `msg${++seq}`, conversationId };
      ingested.push(entry);
      // Like the real host: follow-up jobs are queued with the newly stored message only.
      for (const payload of message.jobs ?? []) {
        jobs.push({ inboxId, payload: { ...payload, inboxId, messageId: entry.messageId }, messageId: entry.messageId });
      }
      return { messageId: entry.messageId, conversationId, duplicate: false };
    },
    async persistRawEvent(inboxId, eventId) {
      const key = `${inboxId}/${eventId}`;
      const prior = rawEvents.get(key);
      if (prior) return { id: prior.id, duplicate: true };
      const id = `raw${++seq}`;
      rawEvents.set(key, { id });
      return { id, duplicate: false };
    },
    async markRawEvent(id, outcome) {
      for (const e of rawEvents.values()) if (e.id === id) e.outcome = outcome;
    },
    updateDelivery: async () => {},
    setOptOut: async () => {},
    async saveInboxState(_id, patch) {
      inbox.state = { ...inbox.state, ...patch };
    },
    async enqueueJob(inboxId, payload, opts) {
      jobs.push({ inboxId, payload, messageId: opts?.messageId });
    },
    async addAttachments(messageId, files) {
      attachments.push({ messageId, files });
    },
    async updateProviderMessage(_inboxId, providerMessageId, change) {
      updates.push({ providerMessageId, change });
    },
    async findConversationByProviderId(_inboxId, providerMessageId) {
      const hit = ingested.find((i) => i.message.providerMessageId === providerMessageId);
      return hit ? { conversationId: hit.conversationId } : null;
    },
    getChannelLink: async (_inboxId, channelId) => links.get(channelId) ?? null,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async listDepartmentSlackChannels() {
      return departmentChannels;
    },
    agents: {
      findUserByEmail: async (email) => users.get(email) ?? null,
      addNote: async (...args) => (actions.push({ action: "addNote", args }), { messageId: `note${++seq}` }),
      sendReply: async (...args) => (actions.push({ action: "sendReply", args }), { messageId: `reply${++seq}` }),
      assign: async (...args) => void actions.push({ action: "assign", args }),
      setStatus: async (...args) => void actions.push({ action: "setStatus", args }),
      conversationUrl: (id) => `https://sb.example/conversations/${id}`,
    },
    log: {
      info: (msg) => void logs.push({ level: "info", msg }),
      warn: (msg) => void logs.push({ level: "warn", msg }),
      error: (msg) => void logs.push({ level: "error", msg }),
    },
  };
  const host = impl as ChannelHost & typeof impl;
  const emit = (event: HostEvent) => listeners.forEach((l) => l(event));
  return { host, inbox, ingested, rawEvents, jobs, attachments, updates, links, departmentChannels, users, actions, logs, emit };
}
