import type { AppContext } from "~/server/context.ts";
import { recordAgentStatuses } from "~/server/domain/presence/agent-status.ts";
import type { AgentStatusChange } from "~/common/realtime-contract.ts";
import type { PresenceStore } from "./presence-store.ts";
import { type AgentServer, rooms } from "./rooms.ts";

const BATCH_MS = 250;

/**
 * Agent status from sockets, in batches (issue 18): connects and last disconnects within 250 ms
 * become a few statements for all of them and one `agent:status-changed` to the workspace listing
 * the real changes, instead of one or two UPDATEs and one workspace broadcast per connect. An agent
 * whose last socket closed but who reconnected before the flush stays online.
 */
export function createStatusWriter(ctx: AppContext, io: AgentServer, store: PresenceStore) {
  const pending = new Map<string, "online" | "offline">();
  let timer: NodeJS.Timeout | null = null;

  const announce = (changes: AgentStatusChange[]) => {
    if (changes.length > 0) io.to(rooms.workspace()).emit("agent:status-changed", { changes });
  };

  const flush = async () => {
    timer = null;
    const batch = [...pending];
    pending.clear();
    const online = batch.filter(([, s]) => s === "online").map(([id]) => id);
    const leaving = batch.filter(([, s]) => s === "offline").map(([id]) => id);
    const gone = await Promise.all(leaving.map(async (id) => ((await store.hasSockets(id)) ? null : id)));
    const offline = gone.filter((id): id is string => id !== null);
    const [up, down] = [await recordAgentStatuses(ctx, online, "online"), await recordAgentStatuses(ctx, offline, "offline")];
    announce([
      ...up.map((userId) => ({ userId, status: "online" as const })),
      ...down.map((userId) => ({ userId, status: "offline" as const })),
    ]);
  };

  return {
    announce,
    queue(userId: string, status: "online" | "offline") {
      pending.set(userId, status);
      timer ??= setTimeout(() => void flush().catch((err) => ctx.log.warn(`status update failed: ${(err as Error).message}`)), BATCH_MS);
    },
    close() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
