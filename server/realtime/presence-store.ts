import type { ComposeKind } from "~/common/vocabulary.ts";

/** One socket's presence in one conversation: who views it and what they type there, if anything. */
export interface PresenceEntry {
  userId: string;
  name: string;
  typing?: ComposeKind;
}

/**
 * Who views and types where, and which agents have a socket, keyed by conversation and by user
 * (issue 18), so presence never scans sockets: a change reads one conversation's entries, a list
 * snapshot reads the viewed conversations only. Entries are per socket (two tabs of one agent are
 * two entries). The memory store serves one node; the Redis store (presence-store-redis.ts) keeps
 * the same in Redis for every node.
 */
export interface PresenceStore {
  /** The socket views the conversation (typing as given, or nothing). */
  set(conversationId: string, socketId: string, entry: PresenceEntry): Promise<void>;
  remove(conversationId: string, socketId: string): Promise<void>;
  entries(conversationId: string): Promise<PresenceEntry[]>;
  /** Every conversation with at least one viewer, with its entries. */
  viewed(): Promise<Map<string, PresenceEntry[]>>;
  /** Records a socket of the user; true when it is the user's only one (on any node). */
  connect(userId: string, socketId: string): Promise<boolean>;
  /** Forgets a socket of the user; true when the user has none left (on any node). */
  disconnect(userId: string, socketId: string): Promise<boolean>;
  hasSockets(userId: string): Promise<boolean>;
  connectedUsers(): Promise<Set<string>>;
  close(): Promise<void>;
}

/** Two-level map helpers shared by both stores' local state. */
export class Keyed<V> {
  readonly map = new Map<string, Map<string, V>>();
  set(key: string, sub: string, value: V) {
    const inner = this.map.get(key) ?? new Map<string, V>();
    inner.set(sub, value);
    this.map.set(key, inner);
  }
  /** Returns how many sub-entries are left under key. */
  delete(key: string, sub: string): number {
    const inner = this.map.get(key);
    if (!inner) return 0;
    inner.delete(sub);
    if (inner.size === 0) this.map.delete(key);
    return inner.size;
  }
  values(key: string): V[] {
    return [...(this.map.get(key)?.values() ?? [])];
  }
}

export function memoryPresenceStore(): PresenceStore {
  const byConversation = new Keyed<PresenceEntry>();
  const byUser = new Keyed<true>();
  return {
    async set(conversationId, socketId, entry) {
      byConversation.set(conversationId, socketId, entry);
    },
    async remove(conversationId, socketId) {
      byConversation.delete(conversationId, socketId);
    },
    async entries(conversationId) {
      return byConversation.values(conversationId);
    },
    async viewed() {
      return new Map([...byConversation.map].map(([id, inner]) => [id, [...inner.values()]]));
    },
    async connect(userId, socketId) {
      byUser.set(userId, socketId, true);
      return byUser.map.get(userId)!.size === 1;
    },
    async disconnect(userId, socketId) {
      return byUser.delete(userId, socketId) === 0;
    },
    async hasSockets(userId) {
      return byUser.map.has(userId);
    },
    async connectedUsers() {
      return new Set(byUser.map.keys());
    },
    async close() {},
  };
}

/** Viewers (one per agent) and typists of a conversation from its entries. */
export function summarizeEntries(entries: PresenceEntry[]) {
  const viewers = new Map<string, { userId: string; name: string }>();
  const typing = new Map<string, { userId: string; name: string; kind: ComposeKind }>();
  for (const e of entries) {
    viewers.set(e.userId, { userId: e.userId, name: e.name });
    if (e.typing) typing.set(e.userId, { userId: e.userId, name: e.name, kind: e.typing });
  }
  return { viewers: [...viewers.values()], typing: [...typing.values()] };
}
