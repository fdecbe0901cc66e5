import { useEffect, useSyncExternalStore } from "react";

/*
 * Small JSON resources a component needs as soon as it renders (the agent's send delay, the
 * attribute definitions): fetched with a plain fetch and kept for the tab, so a conversation switch
 * does not ask again (a component that mounts after `maxAgeMs` asks again, so an admin's change
 * shows up without a reload). Not a fetcher on purpose: a fetcher must first load the target route's module,
 * and when that import fails (the network just dropped) React Router reloads the whole document into
 * the browser's error page, losing the agent's screen. A failed fetch is tried again when the
 * browser is back online.
 */
type Entry = { data: unknown; loading: boolean; at: number };
const entries = new Map<string, Entry>();
const listeners = new Set<() => void>();

function notify() {
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

async function load(url: string) {
  const entry = entries.get(url) ?? { data: undefined, loading: false, at: 0 };
  if (entry.loading) return;
  entries.set(url, { ...entry, loading: true });
  try {
    const res = await fetch(url, { headers: { accept: "application/json" }, credentials: "same-origin" });
    if (!res.ok || !res.headers.get("content-type")?.includes("json")) throw new Error(`HTTP ${res.status}`);
    entries.set(url, { data: await res.json(), loading: false, at: Date.now() });
  } catch {
    entries.set(url, { ...(entries.get(url) ?? entry), loading: false });
    window.addEventListener("online", () => void load(url), { once: true });
  }
  notify();
}

/** Replaces what the tab keeps for `url` (after the agent saved a new value, say). */
export function setTabResource<T>(url: string, data: T) {
  entries.set(url, { data, loading: false, at: Date.now() });
  notify();
}

export function useTabResource<T>(url: string, maxAgeMs = 60_000): T | undefined {
  const data = useSyncExternalStore(
    subscribe,
    () => entries.get(url)?.data,
    () => undefined,
  ) as T | undefined;
  useEffect(() => {
    const entry = entries.get(url);
    if (!entry || (!entry.loading && Date.now() - entry.at > maxAgeMs)) void load(url);
  }, [url, maxAgeMs]);
  return data;
}
