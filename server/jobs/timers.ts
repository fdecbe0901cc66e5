import type { AppContext } from "~/server/context.ts";
import type { ChannelHost } from "~/integrations/core/host.ts";
import { wakeSnoozedConversations } from "~/server/domain/conversations/wake-snoozed.ts";
import { recoverRawEvents } from "./recover-raw-events.ts";
import { reassignFromOfflineAgents } from "~/server/domain/assignment/reassign-offline.ts";
import { assignQueuedConversations } from "~/server/domain/assignment/auto-assign.ts";
import { deleteExpiredSessions } from "~/server/auth/session.ts";
import { fireDueSlaClocks } from "~/server/domain/sla/fire-due-clocks.ts";
import { runTimeRules } from "~/server/domain/automation/time-rules.ts";
import { runRetention } from "~/server/domain/privacy/run-retention.ts";

/** Periodic work every node runs; each task is safe to run on several nodes at once. */
export function startTimers(ctx: AppContext, host: ChannelHost) {
  const log = ctx.log.child("timers");
  const every = (ms: number, name: string, fn: () => Promise<unknown>) => {
    let busy = false;
    const t = setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        await fn();
      } catch (err) {
        log.warn(`${name} failed: ${(err as Error).message}`);
      } finally {
        busy = false;
      }
    }, ms);
    t.unref();
    return t;
  };
  const timers = [
    every(15_000, "snooze", () => wakeSnoozedConversations(ctx)),
    // SLA warnings and breaches fire within seconds of their time, once across nodes (decision 016).
    every(5_000, "sla", () => fireDueSlaClocks(ctx)),
    // Time-based automation rules fire within a minute of their time (issue 12).
    every(15_000, "time rules", () => runTimeRules(ctx)),
    every(60_000, "raw-event recovery", () => recoverRawEvents(ctx, host)),
    // Offline agents' conversations back to the queue, then queued ones to agents with room.
    every(60_000, "assignment", async () => {
      await reassignFromOfflineAgents(ctx);
      await assignQueuedConversations(ctx);
    }),
    every(3600_000, "expired sessions", () => deleteExpiredSessions(ctx)),
    // Checks often; one node claims a run at most hourly (runRetention).
    every(5 * 60_000, "retention", () => runRetention(ctx)),
  ];
  return { stop: () => timers.forEach(clearInterval) };
}
