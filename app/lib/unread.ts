import { useEffect, useMemo, useState } from "react";
import type { ConversationSummary } from "~/common/realtime-contract.ts";

type Stamp = string | null | undefined;

/** The later of two ISO timestamps (either may be missing). */
export const later = (a: Stamp, b: Stamp): string | null => (!a ? (b ?? null) : !b || a > b ? a : b);

/** Same rule as the server's: a customer message newer than the agent's last read. */
export function isUnread(c: Pick<ConversationSummary, "lastCustomerMessageAt">, lastReadAt: Stamp): boolean {
  return Boolean(c.lastCustomerMessageAt) && (!lastReadAt || lastReadAt < c.lastCustomerMessageAt!);
}

/**
 * The agent's read marks for list rows: the server's `lastReadAt` from list pages, moved forward
 * locally while the agent has a conversation open (the server marks it read on join and on
 * `conversation:read`). Live `conversation:updated` rows carry no per-agent state, so they are
 * compared against these marks.
 */
export function useReadMarks(serverRows: ConversationSummary[], selected: ConversationSummary | undefined) {
  const [opened, setOpened] = useState<Map<string, string>>(() => new Map());
  const selectedId = selected?.id;
  const customerAt = selected?.lastCustomerMessageAt;
  useEffect(() => {
    if (!selectedId) return;
    // Never behind the message being read, even with a client clock behind the server's.
    const at = later(new Date().toISOString(), customerAt)!;
    setOpened((prev) => new Map(prev).set(selectedId, at));
  }, [selectedId, customerAt]);

  const fromServer = useMemo(() => new Map(serverRows.map((c) => [c.id, c.lastReadAt])), [serverRows]);
  return (c: ConversationSummary) => isUnread(c, later(opened.get(c.id), fromServer.get(c.id)));
}
