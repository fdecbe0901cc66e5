import { createHash } from "node:crypto";
import type { BounceReport, ChannelHost, DeliveryUpdate, HostEvent } from "~/integrations/core/host.ts";
import type { Address, InboundAttachment, InboundMessage, InboxRuntime } from "~/integrations/core/types.ts";

/**
 * An in-memory ChannelHost for adapter-level tests: a test double of the port (not of Switchboard's
 * domain) that records what the adapter handed over. The real host (server/channels/host.ts) is
 * exercised by the channel contract tests and test/<channel>*.test.ts.
 */
export function createMemoryHost(opts: {
  inboxes: InboxRuntime[];
  publicUrl?: string;
  /** Hosts given the same lease table behave as nodes of one cluster. */
  leaseTable?: MemoryLeaseTable;
  nodeId?: string;
}) {
  const { inboxes } = opts;
  const ingested: {
    inboxId: string;
    message: InboundMessage;
    messageId: string;
    conversationId: string;
    receivedAt: Date;
    attachments: InboundAttachment[];
  }[] = [];
  const rawEvents = new Map<
    string,
    { id: string; inboxId: string; payload: Buffer; outcome?: { ok: true } | { ok: false; error: string } }
  >();
  const deliveries: { inboxId: string; providerMessageId: string; update: DeliveryUpdate }[] = [];
  const optOuts: { address: Address; optedOut: boolean }[] = [];
  const bounces: { inboxId: string; report: BounceReport }[] = [];
  const complaints: { inboxId: string; addresses: Address[] }[] = [];
  const jobs: { inboxId: string; payload: Record<string, unknown>; messageId?: string }[] = [];
  const attachments: { messageId: string; files: InboundAttachment[] }[] = [];
  const updates: { providerMessageId: string; change: { text?: string; deleted?: boolean } }[] = [];
  const links = new Map<string, { contactId: string | null; companyId: string | null }>();
  const departmentChannels: { departmentId: string; externalId: string }[] = [];
  const users = new Map<string, { id: string; name: string; role: string }>();
  const actions: { action: string; args: unknown[] }[] = [];
  const logs: { level: "info" | "warn" | "error"; msg: string }[] = [];
  const subscribers = new Set<(e: HostEvent) => void>();
  const waiting: (() => void)[] = [];
  const changed = () => {
    for (const w of waiting.splice(0)) w();
  };
  let seq = 0;
  /** Provider ids of outbound messages the test says were sent (bounces quoting them count as tied). */
  const sent = new Set<string>();
  const leaseTable = opts.leaseTable ?? new Map();
  const nodeId = opts.nodeId ?? "memory-node";
  const windows = new Map<string, { start: number; count: number }>();

  // Like the real host, each read is a fresh copy; saveInboxState changes the stored inbox.
  const copy = <C>(inbox: InboxRuntime) => structuredClone(inbox) as InboxRuntime<C>;

  const host: ChannelHost = {
    publicUrl: opts.publicUrl ?? "http://localhost:3000",
    dataDir: "/tmp",
    getInbox: async <C>(id: string) => {
      const inbox = inboxes.find((i) => i.id === id);
      return inbox ? copy<C>(inbox) : null;
    },
    listInboxes: async <C>(kind: string) => inboxes.filter((i) => i.kind === kind).map((i) => copy<C>(i)),
    async saveInboxState(inboxId, patch) {
      const inbox = inboxes.find((i) => i.id === inboxId);
      if (inbox) inbox.state = { ...inbox.state, ...patch };
      changed();
    },
    subscribe(listener) {
      subscribers.add(listener);
      return () => subscribers.delete(listener);
    },
    isTemporaryFailure: () => false,
    signingKey: (purpose) => createHash("sha256").update(`memory-host:${purpose}`).digest(),
    // A fixed window per key, like the real host's limiter.
    async rateLimit(key, rule) {
      const now = Date.now();
      const w = windows.get(key);
      const current = w && now - w.start < rule.windowMs ? w : { start: now, count: 0 };
      current.count++;
      windows.set(key, current);
      const ok = current.count <= rule.limit;
      return { ok, retryAfterMs: ok ? 0 : current.start + rule.windowMs - now };
    },
    leases: {
      async claim(key, ttlMs) {
        const held = leaseTable.get(key);
        if (held && held.holder !== nodeId && held.expiresAt > Date.now()) return false;
        leaseTable.set(key, { holder: nodeId, expiresAt: Date.now() + ttlMs });
        return true;
      },
      async release(key) {
        if (leaseTable.get(key)?.holder === nodeId) leaseTable.delete(key);
      },
    },
    log: {
      info: (msg) => void logs.push({ level: "info", msg }),
      warn: (msg) => void logs.push({ level: "warn", msg }),
      error: (msg) => void logs.push({ level: "error", msg }),
    },
    inbound: {
      async ingest(inboxId, message) {
        // Like the real host: a reused provider id with another content hash is a different message.
        const prior = ingested.find(
          (i) =>
            i.inboxId === inboxId &&
            i.message.providerMessageId === message.providerMessageId &&
            (!i.message.contentHash || !message.contentHash || i.message.contentHash === message.contentHash),
        );
        if (prior)
          return { messageId: prior.messageId, conversationId: prior.conversationId, receivedAt: prior.receivedAt, duplicate: true };
        const threadKey = message.threading?.threadKey;
        const sameThread =
          threadKey && !message.threading?.startsThread && ingested.find((i) => i.message.threading?.threadKey === threadKey);
        const conversationId = message.threading?.conversationId ?? (sameThread ? sameThread.conversationId : `conv${++seq}`);
        const entry = { inboxId, message, messageId: `msg${++seq}`, conversationId, receivedAt: new Date(), attachments: [] };
        ingested.push(entry);
        // Like the real host: follow-up jobs are queued with the newly stored message only.
        for (const payload of message.jobs ?? []) {
          jobs.push({ inboxId, payload: { ...payload, inboxId, messageId: entry.messageId }, messageId: entry.messageId });
        }
        changed();
        return { messageId: entry.messageId, conversationId, receivedAt: entry.receivedAt, duplicate: false };
      },
      async persistRawEvent(inboxId, providerEventId, payload) {
        const key = `${inboxId}/${providerEventId}`;
        const prior = rawEvents.get(key);
        if (prior) return { id: prior.id, duplicate: true };
        const id = `raw${++seq}`;
        rawEvents.set(key, { id, inboxId, payload });
        return { id, duplicate: false };
      },
      async markRawEvent(id, outcome) {
        for (const e of rawEvents.values()) if (e.id === id) e.outcome = outcome;
        changed();
      },
      async updateDelivery(inboxId, providerMessageId, update) {
        deliveries.push({ inboxId, providerMessageId, update });
        changed();
      },
      async recordBounce(inboxId, report) {
        bounces.push({ inboxId, report });
        changed();
        // Tied when the report quotes a message id the test told the host about as sent.
        return { tied: !!report.originalMessageId && sent.has(report.originalMessageId) };
      },
      async recordComplaint(inboxId, addresses) {
        complaints.push({ inboxId, addresses });
        changed();
        return { marked: addresses.length };
      },
      async updateProviderMessage(_inboxId, providerMessageId, change) {
        updates.push({ providerMessageId, change });
      },
      async addAttachments(messageId, files) {
        const entry = ingested.find((i) => i.messageId === messageId);
        if (!entry) throw new Error(`no message ${messageId}`);
        entry.attachments.push(...files);
        attachments.push({ messageId, files });
      },
      async findConversationByProviderId(inboxId, providerMessageId) {
        const hit = ingested.find((i) => i.inboxId === inboxId && i.message.providerMessageId === providerMessageId);
        return hit ? { conversationId: hit.conversationId } : null;
      },
      async enqueueJob(inboxId, payload, jobOpts) {
        jobs.push({ inboxId, payload, messageId: jobOpts?.messageId });
      },
    },
    identities: {
      async setOptOut(address, optedOut) {
        optOuts.push({ address, optedOut });
      },
      linkIdentity: unused("identities.linkIdentity"),
    },
    // The web chat's visitor port is tested through the real host (integrations/web-chat/contract.test.ts).
    visitors: {
      history: unused("visitors.history"),
      attachment: unused("visitors.attachment"),
      setTyping: unused("visitors.setTyping"),
      closedUntil: async () => null,
    },
    links: {
      channelLink: async (_inboxId, externalId) => links.get(externalId) ?? null,
      departmentChannels: async () => departmentChannels,
    },
    agents: {
      findUserByEmail: async (email) => users.get(email) ?? null,
      async addNote(...args) {
        actions.push({ action: "addNote", args });
        return { messageId: `note${++seq}` };
      },
      async sendReply(...args) {
        actions.push({ action: "sendReply", args });
        return { messageId: `reply${++seq}` };
      },
      assign: async (...args) => void actions.push({ action: "assign", args }),
      setStatus: async (...args) => void actions.push({ action: "setStatus", args }),
      conversationUrl: (id) => `${opts.publicUrl ?? "http://localhost:3000"}/conversations/${id}`,
    },
  };

  /** Resolves when `check` holds, re-checked after every recording host call. */
  function until<T>(check: () => T | undefined | false): Promise<T> {
    return new Promise((resolve) => {
      const tryIt = () => {
        const v = check();
        if (v) resolve(v);
        else waiting.push(tryIt);
      };
      tryIt();
    });
  }
  const emit = (event: HostEvent) => {
    for (const l of subscribers) l(event);
  };
  return {
    host,
    inboxes,
    ingested,
    rawEvents,
    deliveries,
    bounces,
    complaints,
    sent,
    optOuts,
    jobs,
    attachments,
    updates,
    links,
    departmentChannels,
    users,
    actions,
    logs,
    until,
    emit,
  };
}

export type MemoryHost = ReturnType<typeof createMemoryHost>;
export type MemoryLeaseTable = Map<string, { holder: string; expiresAt: number }>;

/** A port member the adapter under test must not use: fail loudly if it starts to. */
function unused(name: string) {
  return (): never => {
    throw new Error(`The memory host does not implement host.${name}`);
  };
}
