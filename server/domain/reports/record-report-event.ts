import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import type { Actor } from "~/server/domain/access.ts";

/**
 * Report events the flows write themselves (the rest come from database triggers, see
 * docs/decisions/021-report-event-log.md). Both go through the migration's `report_event_insert`, which
 * adds the conversation's department, assignee, tags and business hours of this moment.
 */

/** SLA targets met: clocks stopped by a reply or a resolve before their due time, never breached. */
export async function recordSlaMet(
  tx: Prisma.TransactionClient,
  conversationId: string,
  clocks: { id: string; target: string; dueAt: Date; breachedAt: Date | null }[],
  at: Date,
) {
  for (const k of clocks) {
    if (k.breachedAt || at > k.dueAt) continue;
    const data = JSON.stringify({ target: k.target, clockId: k.id, dueAt: k.dueAt.toISOString() });
    await tx.$executeRaw`SELECT "report_event_insert"('sla-met', ${at}::timestamp, ${conversationId}, NULL, NULL, NULL, false, ${data}::jsonb, NULL)`;
  }
}

/** Views are debounced: one event per agent, record and window of this many minutes. */
export const VIEW_WINDOW_MINUTES = 10;

/**
 * "Agent viewed a conversation / customer", for adoption. One cheap INSERT … ON CONFLICT DO NOTHING on
 * a per-window key, called without awaiting from loaders and GET reads: a failure is logged, never
 * shown, and the read does not wait for it.
 */
export function recordView(ctx: AppContext, actor: Actor, target: { conversationId: string } | { contactId: string }) {
  const window = Math.floor(Date.now() / (VIEW_WINDOW_MINUTES * 60_000));
  const write =
    "conversationId" in target
      ? ctx.db
          .$executeRaw`SELECT "report_event_insert"('view-conversation', CURRENT_TIMESTAMP(3)::timestamp, ${target.conversationId}, NULL, NULL, ${actor.id}, false, '{}'::jsonb, ${`vc:${actor.id}:${target.conversationId}:${window}`})`
      : ctx.db.$executeRaw`
          INSERT INTO "ReportEvent" ("at", "type", "contactId", "companyId", "agentId", "dedupeKey")
          SELECT CURRENT_TIMESTAMP(3)::timestamp, 'view-contact', c."id", c."companyId", ${actor.id}, ${`vk:${actor.id}:${target.contactId}:${window}`}
          FROM "Contact" c WHERE c."id" = ${target.contactId}
          ON CONFLICT ("dedupeKey") DO NOTHING`;
  write.catch((err: unknown) => ctx.log.warn(`report view event not recorded: ${(err as Error).message}`));
}
