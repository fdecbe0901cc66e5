import type { AppContext } from "~/server/context.ts";
import { recordAgentStatuses } from "~/server/domain/presence/agent-status.ts";
import type { AgentStatusChange } from "~/common/realtime-contract.ts";
import type { PresenceStore } from "./presence-store.ts";
import { type AgentServer, rooms } from "./rooms.ts";

const BATCH_MS = 250;
const MAX_BATCH_MS = 5_000;
/** Workspace announcements cost one frame per socket: at most about this many frames a second. */
const FRAMES_PER_SECOND = 1_000;

/**
 * How long connects and disconnects gather before one write and one announcement: 250 ms on a small
 * node, longer with more sockets so that announcing costs at most ~FRAMES_PER_SECOND frames a second
 * (1,000 sockets: 1 s; 5,000 and more: 5 s). A reconnect storm of 10,000 agents at a 250 ms window sent
 * one frame per socket per flush, ~1 M frames, and the socket writes were most of the CPU profile.
 */
export function statusBatchMs(localSockets: number): number {
  return Math.min(MAX_BATCH_MS, Math.max(BATCH_MS, Math.round((localSockets / FRAMES_PER_SECOND) * 1000)));
}

/**
 * Agent status from sockets, in batches (issue 18): connects and last disconnects within a window
 * (statusBatchMs) become a few statements for all of them and one `agent:status-changed` to the workspace listing
 * the real changes, instead of one or two UPDATEs and one workspace broadcast per connect. An agent
 * whose last socket closed but who reconnected before the flush stays online.
 */
export function createStatusWriter(ctx: AppContext, io: AgentServer, store: PresenceStore) {
  const pending = new Map<string, "online" | "offline">();
  let timer: NodeJS.Timeout | null = null;

  const announce = (changes: AgentStatusChange[]) => {
    if (changes.length > 0) io.to(rooms.workspace()).emit("agent:status-changed", { changes });
  };

  let inFlight: Promise<void> = Promise.resolve();
  let closed = false;

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

  const write = () => flush().catch((err) => ctx.log.warn(`status update failed: ${(err as Error).message}`));

  return {
    announce,
    queue(userId: string, status: "online" | "offline") {
      pending.set(userId, status);
      if (closed) return;
      timer ??= setTimeout(() => {
        inFlight = write();
      }, statusBatchMs(io.engine.clientsCount));
    },
    /**
     * On shutdown, after the sockets closed: waits for a write in flight and writes what is left
     * (the agents whose only sockets were here go offline), so nothing runs after the database closes.
     */
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await inFlight;
      if (pending.size > 0) await write();
    },
  };
}
