import type { AppContext } from "~/server/context.ts";
import type { ChannelHost } from "~/integrations/core/host.ts";
import { PermanentSendError, RetryableSendError } from "~/integrations/core/types.ts";
import { runJob, type ClaimedJob } from "./run-job.ts";

export interface OutboxWorker {
  wake(): void;
  /** Runs until no due job is left and none is running (tests, benchmarks). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export interface OutboxWorkerOptions {
  pollMs?: number;
  /** Jobs this node runs at once (OUTBOX_CONCURRENCY). */
  concurrency?: number;
  /** Jobs of one inbox this node runs at once (OUTBOX_INBOX_CONCURRENCY). */
  perInbox?: number;
}

const STALE_AFTER_MS = 5 * 60_000;
/**
 * Claims take turns across nodes (a few milliseconds each): the claim's NOT EXISTS then sees every
 * job another node claimed before, so two nodes never start two jobs of one conversation at once.
 */
const CLAIM_LOCK_KEY = 0x53424f42; // "SBOB"

/**
 * Claims due jobs with FOR UPDATE SKIP LOCKED, so any number of nodes can share one PostgreSQL
 * without running a job twice, and runs them concurrently: at most `concurrency` on this node, at
 * most `perInbox` of one inbox, so a hanging provider holds only its own inbox's slots (issue 17,
 * finding 7). A conversation's jobs run one at a time, in the order they became due, so two quick
 * replies never overtake each other. A free slot claims at once; the poll catches jobs other nodes
 * queued.
 */
export function startOutboxWorker(ctx: AppContext, host: ChannelHost, options: OutboxWorkerOptions = {}): OutboxWorker {
  const pollMs = options.pollMs ?? 1000;
  const concurrency = options.concurrency ?? ctx.env.OUTBOX_CONCURRENCY;
  const perInbox = Math.min(options.perInbox ?? ctx.env.OUTBOX_INBOX_CONCURRENCY, concurrency);
  const log = ctx.log.child("outbox");
  const inFlight = new Map<string, Promise<void>>();
  const runningPerInbox = new Map<string, number>();
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let claiming: Promise<void> | null = null;
  let again = false;

  const claim = (limit: number) => {
    const saturated = [...runningPerInbox].filter(([, n]) => n >= perInbox).map(([inbox]) => inbox);
    return ctx.sql.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [CLAIM_LOCK_KEY]);
      return await tx.query<ClaimedJob & { inboxId: string }>(
        `WITH due AS (
         SELECT j.id, j."runAt", j."createdAt", COALESCE(m."inboxId", j.payload->>'inboxId', '') AS inbox, m."conversationId" AS conv
         FROM "OutboxJob" j LEFT JOIN "Message" m ON m.id = j."messageId"
         WHERE ((j.status = 'pending' AND j."runAt" <= now())
             OR (j.status = 'running' AND j."lockedAt" < now() - ($3 || ' milliseconds')::interval))
           AND NOT (COALESCE(m."inboxId", j.payload->>'inboxId', '') = ANY($4::text[]))
           AND NOT EXISTS (
             SELECT 1 FROM "OutboxJob" r JOIN "Message" rm ON rm.id = r."messageId"
             WHERE rm."conversationId" = m."conversationId" AND r.id <> j.id
               AND r.status = 'running' AND r."lockedAt" >= now() - ($3 || ' milliseconds')::interval)
         ORDER BY j."runAt", j."createdAt" LIMIT $2 * 4 FOR UPDATE OF j SKIP LOCKED
       ), picked AS (
         SELECT id, inbox FROM (
           SELECT id, inbox, "runAt", "createdAt",
             row_number() OVER (PARTITION BY COALESCE(conv, id) ORDER BY "runAt", "createdAt") AS in_conv,
             row_number() OVER (PARTITION BY inbox ORDER BY "runAt", "createdAt") AS in_inbox
           FROM due) ranked
         WHERE in_conv = 1 AND in_inbox <= $5 - COALESCE(($6::jsonb ->> inbox)::int, 0)
         ORDER BY "runAt", "createdAt" LIMIT $2
       )
       UPDATE "OutboxJob" j SET status = 'running', "lockedAt" = now(), "lockedBy" = $1, attempts = attempts + 1, "updatedAt" = now()
       FROM picked WHERE j.id = picked.id
       RETURNING j.id, j.kind, j."messageId", j.payload, j.attempts, j."maxAttempts", picked.inbox AS "inboxId"`,
        [ctx.nodeId, limit, String(STALE_AFTER_MS), saturated, perInbox, JSON.stringify(Object.fromEntries(runningPerInbox))],
      );
    });
  };

  function start(job: ClaimedJob & { inboxId: string }) {
    runningPerInbox.set(job.inboxId, (runningPerInbox.get(job.inboxId) ?? 0) + 1);
    const done = runJob(ctx, host, job)
      .catch((err) => log.error(`job ${job.id} crashed: ${(err as Error).stack ?? err}`))
      .finally(() => {
        inFlight.delete(job.id);
        const left = (runningPerInbox.get(job.inboxId) ?? 1) - 1;
        if (left > 0) runningPerInbox.set(job.inboxId, left);
        else runningPerInbox.delete(job.inboxId);
        // A slot is free: the next due job need not wait for the poll.
        void run();
      });
    inFlight.set(job.id, done);
  }

  async function fill() {
    do {
      again = false;
      const free = concurrency - inFlight.size;
      if (free <= 0) return;
      let jobs: (ClaimedJob & { inboxId: string })[];
      try {
        jobs = await claim(free);
      } catch (err) {
        // Database restarting: keep the loop alive, try again on the next tick.
        log.warn(`claim failed: ${(err as Error).message}`);
        return;
      }
      for (const job of jobs) start(job);
      // Claimed something: there may be more (another inbox's jobs behind a saturated one).
      if (jobs.length > 0) again = true;
    } while (again && !stopped);
  }

  const run = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (claiming) {
      again = true;
      return claiming;
    }
    claiming = fill().finally(() => {
      claiming = null;
      if (stopped) return;
      if (again) void run();
      else schedule();
    });
    return claiming;
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, pollMs);
    timer.unref();
  };
  schedule();

  const settle = async () => {
    while (claiming || inFlight.size) {
      await claiming;
      await Promise.all(inFlight.values());
    }
  };

  return {
    wake: () => void run(),
    async drain() {
      // Until nothing is due. A due job this node cannot claim waits for another node's job of the
      // same conversation: give that node time instead of spinning through the attempts.
      for (let i = 0; i < 400; i++) {
        await run();
        await settle();
        const due = await ctx.db.outboxJob.count({ where: { status: "pending", runAt: { lte: new Date() } } });
        if (due === 0 && !claiming && inFlight.size === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await settle();
    },
  };
}

export { PermanentSendError, RetryableSendError };
