import type { AppContext } from "~/server/context.ts";

/**
 * Records how processing a stored raw event ended; a failure keeps its error for the replay job and
 * admins. Successes are written in groups (issue 18: one statement per message before): marks
 * gather for up to GROUP_WINDOW_MS, then one `UPDATE … WHERE id = ANY($1)` writes them, and each
 * caller's promise settles once its own row is written. A crash before that leaves the event
 * pending: the replay job ingests it again, which the unique (inbox, provider id) makes a duplicate
 * no-op, so a webhook may answer its provider without waiting for the mark.
 */
export async function markRawEvent(ctx: AppContext, id: string, outcome: { ok: true } | { ok: false; error: string }): Promise<void> {
  if (outcome.ok) return doneMarks(ctx).add(id);
  // updateMany: never read the (possibly large) payload back.
  await ctx.db.inboundEvent.updateMany({
    where: { id },
    data: { status: "failed", lastError: outcome.error.slice(0, 2000), attempts: { increment: 1 } },
  });
}

/** How long a success mark waits for others to share its UPDATE. */
export const GROUP_WINDOW_MS = 25;
const MAX_GROUP = 500;

type Waiting = { id: string; resolve: () => void; reject: (err: unknown) => void };

class DoneMarks {
  #waiting: Waiting[] = [];
  #running = false;

  constructor(readonly ctx: AppContext) {}

  add(id: string): Promise<void> {
    const done = new Promise<void>((resolve, reject) => this.#waiting.push({ id, resolve, reject }));
    if (!this.#running) {
      this.#running = true;
      setTimeout(() => void this.#drain(), GROUP_WINDOW_MS);
    }
    return done;
  }

  async #drain() {
    try {
      while (this.#waiting.length) {
        const group = this.#waiting.splice(0, MAX_GROUP);
        // The columns are UTC timestamps without a zone, as Prisma writes them.
        const at = new Date().toISOString().slice(0, -1);
        try {
          await this.ctx.sql.query(
            `UPDATE "InboundEvent" SET status = 'done', "processedAt" = $2::timestamp, "lastError" = NULL WHERE id = ANY($1::text[])`,
            [[...new Set(group.map((w) => w.id))], at],
          );
          for (const w of group) w.resolve();
        } catch (err) {
          for (const w of group) w.reject(err);
        }
      }
    } finally {
      this.#running = false;
    }
  }
}

const marks = new WeakMap<object, DoneMarks>();
function doneMarks(ctx: AppContext): DoneMarks {
  const known = marks.get(ctx.db);
  if (known) return known;
  const made = new DoneMarks(ctx);
  marks.set(ctx.db, made);
  return made;
}
