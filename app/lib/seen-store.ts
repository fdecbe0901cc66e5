import { useSyncExternalStore } from "react";

/**
 * When this agent last saw each conversation, kept in localStorage (per browser) until the server
 * stores it. A conversation is unread when its newest message is from the customer and newer than
 * that. `baseline` is when the store was created: older conversations count as seen, so the first
 * visit does not light up the whole inbox.
 */
interface SeenState {
  baseline: string;
  seen: Record<string, string>;
}

const MAX_ENTRIES = 3000;
const EMPTY: SeenState = { baseline: "9999-12-31T00:00:00.000Z", seen: {} };
const listeners = new Set<() => void>();
let cached: { key: string; state: SeenState } | null = null;

const keyFor = (userId: string) => `sb:seen:v1:${userId}`;

function read(userId: string): SeenState {
  const key = keyFor(userId);
  if (cached?.key === key) return cached.state;
  let state: SeenState;
  try {
    const parsed = JSON.parse(localStorage.getItem(key) ?? "null") as SeenState | null;
    state = parsed && typeof parsed.baseline === "string" && parsed.seen ? parsed : { baseline: new Date().toISOString(), seen: {} };
  } catch {
    state = { baseline: new Date().toISOString(), seen: {} };
  }
  if (!localStorage.getItem(key)) localStorage.setItem(key, JSON.stringify(state));
  cached = { key, state };
  return state;
}

function write(userId: string, state: SeenState) {
  const entries = Object.entries(state.seen);
  if (entries.length > MAX_ENTRIES) {
    entries.sort((a, b) => (a[1] < b[1] ? 1 : -1));
    state = { baseline: state.baseline, seen: Object.fromEntries(entries.slice(0, MAX_ENTRIES)) };
  }
  cached = { key: keyFor(userId), state };
  try {
    localStorage.setItem(keyFor(userId), JSON.stringify(state));
  } catch {
    // Storage full or disabled: unread marks then only last for this page view.
  }
  listeners.forEach((l) => l());
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  // Another tab marked something seen.
  const onStorage = (e: StorageEvent) => {
    if (e.key?.startsWith("sb:seen:")) {
      cached = null;
      listener();
    }
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", onStorage);
  };
}

export function markSeen(userId: string, conversationId: string, at: string) {
  const state = read(userId);
  const previous = state.seen[conversationId];
  if (previous && previous >= at) return;
  write(userId, { baseline: state.baseline, seen: { ...state.seen, [conversationId]: at } });
}

export function useSeenState(userId: string): SeenState {
  return useSyncExternalStore(
    subscribe,
    () => read(userId),
    () => EMPTY,
  );
}

export function isUnread(
  state: SeenState,
  c: { id: string; lastMessage: { direction: string; kind: string; createdAt: string } | null },
): boolean {
  const last = c.lastMessage;
  if (!last || last.direction !== "inbound" || last.kind !== "message") return false;
  return last.createdAt > (state.seen[c.id] ?? state.baseline);
}
