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
import { recoverImports } from "~/server/domain/imports/run-import.ts";
import { duplicateScanner } from "~/server/domain/duplicates/scan-duplicates-timer.ts";
import { refreshReportSpans } from "~/server/domain/reports/refresh-report-spans.ts";

/** Periodic work every node runs; each task is safe to run on several nodes at once. */
export function startTimers(ctx: AppContext, host: ChannelHost) {
  const log = ctx.log.child("timers");
  // Runs in flight, so that stopping waits for them: a run finishing after the pool closed would fail.
  const running = new Set<Promise<void>>();
  const every = (ms: number, name: string, fn: () => Promise<unknown>) => {
    let busy = false;
    const t = setInterval(() => {
      if (busy) return;
      busy = true;
      const run = fn()
        .then(
          () => {},
          (err: Error) => log.warn(`${name} failed: ${err.message}`),
        )
        .finally(() => {
          busy = false;
          running.delete(run);
        });
      running.add(run);
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
    // Imports whose node died are failed (or, never started, run); duplicates rescanned when contacts changed (decision 023).
    every(60_000, "imports", () => recoverImports(ctx)),
    every(15 * 60_000, "duplicates", duplicateScanner(ctx)),
    // The reports' rollup follows the log between reports, so the first report after a busy day does
    // not wait for the whole day's rebuild (decision 025; one node at a time by its lock).
    every(60_000, "report rollup", () => refreshReportSpans(ctx)),
  ];
  return {
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.all(running);
    },
  };
}
