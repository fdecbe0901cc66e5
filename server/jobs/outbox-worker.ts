import type { AppContext } from "~/server/context.ts";
import type { ChannelHost } from "~/integrations/core/host.ts";
import { PermanentSendError, RetryableSendError } from "~/integrations/core/types.ts";
import { runJob, type ClaimedJob } from "./run-job.ts";

export interface OutboxWorker {
  wake(): void;
  /** Runs until no due job is left (tests, benchmarks). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

const STALE_AFTER_MS = 5 * 60_000;

/**
 * Claims due jobs with FOR UPDATE SKIP LOCKED, so any number of nodes can run this loop against
 * one PostgreSQL without sending anything twice, and runs them. Polls, and wakes at once when this
 * node queued a job.
 */
export function startOutboxWorker(ctx: AppContext, host: ChannelHost, options: { pollMs?: number; batch?: number } = {}): OutboxWorker {
  const pollMs = options.pollMs ?? 1000;
  const batch = options.batch ?? 10;
  const log = ctx.log.child("outbox");
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;

  const claim = () =>
    ctx.sql.query<ClaimedJob>(
      `UPDATE "OutboxJob" SET status = 'running', "lockedAt" = now(), "lockedBy" = $1, attempts = attempts + 1, "updatedAt" = now()
       WHERE id IN (
         SELECT id FROM "OutboxJob"
         WHERE (status = 'pending' AND "runAt" <= now())
            OR (status = 'running' AND "lockedAt" < now() - ($3 || ' milliseconds')::interval)
         ORDER BY "runAt" LIMIT $2 FOR UPDATE SKIP LOCKED)
       RETURNING id, kind, "messageId", payload, attempts, "maxAttempts"`,
      [ctx.nodeId, batch, String(STALE_AFTER_MS)],
    );

  async function tick() {
    do {
      again = false;
      let jobs: ClaimedJob[];
      try {
        jobs = await claim();
      } catch (err) {
        // Database restarting: keep the loop alive, try again on the next tick.
        log.warn(`claim failed: ${(err as Error).message}`);
        return;
      }
      for (const job of jobs) {
        try {
          await runJob(ctx, host, job);
        } catch (err) {
          log.error(`job ${job.id} crashed: ${(err as Error).stack ?? err}`);
        }
      }
      if (jobs.length === batch) again = true;
    } while (again && !stopped);
  }

  const run = () => {
    if (stopped) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = tick().finally(() => {
      running = null;
      if (!stopped) schedule();
    });
    return running;
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, pollMs);
    timer.unref();
  };
  schedule();

  return {
    wake: () => void run(),
    async drain() {
      for (let i = 0; i < 50; i++) {
        await run();
        const due = await ctx.db.outboxJob.count({ where: { status: "pending", runAt: { lte: new Date() } } });
        if (due === 0 && !running) return;
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export { PermanentSendError, RetryableSendError };
