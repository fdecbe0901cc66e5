import { useSyncExternalStore } from "react";
import type { countConversations } from "~/server/domain/conversations/count-conversations.ts";

export type NavCounts = Awaited<ReturnType<typeof countConversations>>;
type Snapshot = { counts: NavCounts; at: number } | undefined;

/*
 * One store per tab, read by the layout and refreshed by any component that knows the counts moved
 * (a conversation marked read, say). A plain fetch rather than a keyed fetcher: a fetcher load that a
 * navigation cancels surfaces in React Router 7 as an uncaught "signal is aborted without reason"
 * (remix-run/react-router#14203), and live updates refresh the counts often. At most one request is
 * in flight; a refresh asked for meanwhile runs once after it.
 */
let current: Snapshot;
const listeners = new Set<() => void>();
let inFlight: Promise<void> | null = null;
let again = false;

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function refresh(): Promise<void> {
  if (inFlight) {
    again = true;
    return inFlight;
  }
  inFlight = (async () => {
    do {
      again = false;
      try {
        const res = await fetch("/resources/nav-counts", { headers: { accept: "application/json" } });
        if (res.ok && res.headers.get("content-type")?.includes("json")) {
          current = (await res.json()) as Snapshot;
          for (const listener of listeners) listener();
        }
      } catch {
        // Offline or signed out: the next change, or the reconnect's revalidation, brings them back.
      }
    } while (again);
  })().finally(() => {
    inFlight = null;
  });
  return inFlight;
}

export function useNavCounts() {
  const data = useSyncExternalStore(
    subscribe,
    () => current,
    () => undefined,
  );
  return { data, refresh };
}
