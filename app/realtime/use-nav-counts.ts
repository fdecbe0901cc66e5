import { useFetcher } from "react-router";
import type { countConversations } from "~/server/domain/conversations/count-conversations.ts";

export type NavCounts = Awaited<ReturnType<typeof countConversations>>;

/**
 * The nav counts resource, shared by key: the layout shows it, and any component that knows the
 * counts moved (a conversation marked read, say) refreshes it for everyone.
 */
export function useNavCounts() {
  const fetcher = useFetcher<{ counts: NavCounts; at: number }>({ key: "nav-counts" });
  return { data: fetcher.data, refresh: () => fetcher.load("/resources/nav-counts") };
}
