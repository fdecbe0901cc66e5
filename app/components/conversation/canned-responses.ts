import { useEffect, useRef } from "react";
import { useFetcher } from "react-router";
import type { InlineOption } from "./inline-trigger.ts";

export interface Canned {
  id: string;
  shortcut: string;
  title: string;
  body: string;
}
type Data = { rendered: { text: string } | null; items: Canned[] };

/** The canned responses matching a search (shortcut or title), for the menu and the inline "/" picker. */
export const cannedListUrl = (query: string) => `/resources/canned?q=${encodeURIComponent(query)}`;

/**
 * Fills in a canned response for the conversation (the server resolves {{contact.name}} etc.) and
 * hands the text to onInsert exactly once per pick. A fetcher's data also comes back when React Router
 * revalidates after any action (a priority or tag change), so only the pick's own load may insert
 * (issue 10: the text was inserted again on every change).
 */
export function useCannedRender(conversationId: string, onInsert: (text: string, target: unknown) => void) {
  const render = useFetcher<Data>();
  const pending = useRef<{ target: unknown } | null>(null);
  const insert = useRef(onInsert);
  insert.current = onInsert;
  useEffect(() => {
    if (render.state !== "idle" || !pending.current || !render.data?.rendered) return;
    const { target } = pending.current;
    pending.current = null;
    insert.current(render.data.rendered.text, target);
  }, [render.state, render.data]);
  return (id: string, target?: unknown) => {
    pending.current = { target };
    render.load(`/resources/canned?render=${encodeURIComponent(id)}&conversationId=${encodeURIComponent(conversationId)}`);
  };
}

/** Canned responses whose shortcut or title starts with the "/query" typed in the composer. */
export function useCannedOptions(query: string | null): { options: InlineOption<Canned>[]; loaded: boolean } {
  const list = useFetcher<Data>();
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload on a new query only (list is a new object every render)
  useEffect(() => {
    if (query !== null) list.load(cannedListUrl(query));
  }, [query]);
  if (query === null) return { options: [], loaded: false };
  const options = (list.data?.items ?? [])
    .filter((c) => c.shortcut.startsWith(query.toLowerCase()) || c.title.toLowerCase().includes(query.toLowerCase()))
    .slice(0, 6)
    .map((c) => ({ key: c.id, label: `/${c.shortcut}`, detail: c.title, value: c }));
  return { options, loaded: list.state === "idle" && list.data !== undefined };
}
