import type { ChannelHost, DeliveryUpdate, InboundMessage, InboxRuntime } from "~/integrations/core/types.ts";
import type { EmailConfig } from "~/integrations/email/config.ts";

/**
 * An in-memory ChannelHost for adapter-level tests (a test double of the port, not of our domain):
 * it records what the adapter hands over. End-to-end placement is tested in test/email.test.ts.
 */
export function memoryHost(inboxes: InboxRuntime<EmailConfig>[]) {
  const rawEvents = new Map<string, { id: string; inboxId: string; payload: Buffer; outcome?: unknown }>();
  const ingested: { inboxId: string; message: InboundMessage }[] = [];
  const deliveries: { inboxId: string; providerMessageId: string; update: DeliveryUpdate }[] = [];
  const state = new Map<string, Record<string, unknown>>();
  const logs: string[] = [];
  const listeners: (() => void)[] = [];
  const changed = () => listeners.splice(0).forEach((l) => l());

  const host = {
    publicUrl: "http://localhost:3000",
    dataDir: "/tmp",
    async getInbox(id: string) {
      return inboxes.find((i) => i.id === id) ?? null;
    },
    async listInboxes() {
      return inboxes;
    },
    async ingest(inboxId: string, message: InboundMessage) {
      const duplicate = ingested.some((i) => i.inboxId === inboxId && i.message.providerMessageId === message.providerMessageId);
      if (!duplicate) ingested.push({ inboxId, message });
      changed();
      return { messageId: `m${ingested.length}`, conversationId: "c1", duplicate };
    },
    async persistRawEvent(inboxId: string, providerEventId: string, payload: Buffer) {
      const key = `${inboxId}/${providerEventId}`;
      const existing = rawEvents.get(key);
      if (existing) return { id: existing.id, duplicate: true };
      const id = `e${rawEvents.size + 1}`;
      rawEvents.set(key, { id, inboxId, payload });
      return { id, duplicate: false };
    },
    async markRawEvent(id: string, outcome: unknown) {
      for (const e of rawEvents.values()) if (e.id === id) e.outcome = outcome;
      changed();
    },
    async updateDelivery(inboxId: string, providerMessageId: string, update: DeliveryUpdate) {
      deliveries.push({ inboxId, providerMessageId, update });
    },
    async saveInboxState(inboxId: string, patch: Record<string, unknown>) {
      state.set(inboxId, { ...state.get(inboxId), ...patch });
      const inbox = inboxes.find((i) => i.id === inboxId);
      if (inbox) inbox.state = { ...inbox.state, ...patch };
      changed();
    },
    log: {
      info: (m: string) => logs.push(`info ${m}`),
      warn: (m: string) => logs.push(`warn ${m}`),
      error: (m: string) => logs.push(`error ${m}`),
    },
  };
  /** Resolves when `check` holds, re-checked after every host call. */
  function until<T>(check: () => T | undefined | false): Promise<T> {
    return new Promise((resolve) => {
      const tryIt = () => {
        const v = check();
        if (v) resolve(v);
        else listeners.push(tryIt);
      };
      tryIt();
    });
  }
  return { host: host as unknown as ChannelHost, rawEvents, ingested, deliveries, state, logs, until };
}

export function emailInbox(id: string, config: Partial<EmailConfig> & { address: string }): InboxRuntime<EmailConfig> {
  return {
    id,
    kind: "email",
    name: "Acme Support",
    enabled: true,
    config: { fromNameStyle: "agent-via-inbox", ...config },
    state: {},
  };
}
