import { useState } from "react";
import { useWorkspace } from "~/app/lib/workspace.ts";
import { useSocketEvent } from "./hooks.ts";

type AgentStatus = "online" | "away" | "offline";

/**
 * Colleagues' online/away status: the directory's value at load, then live `agent:status-changed`
 * events, so whoever picks an assignee sees who stepped away.
 */
export function useAgentStatuses(): (userId: string) => AgentStatus | undefined {
  const { directory } = useWorkspace();
  const [live, setLive] = useState<Record<string, AgentStatus>>({});
  useSocketEvent("agent:status-changed", (e) =>
    setLive((prev) => ({ ...prev, ...Object.fromEntries(e.changes.map((c) => [c.userId, c.status])) })),
  );
  return (userId) => live[userId] ?? (directory.users.find((u) => u.id === userId)?.status as AgentStatus | undefined);
}
