import { Prisma } from "~/server/db/generated/client.ts";
import type { ConversationSla } from "~/common/realtime-contract.ts";
import type { SlaTarget } from "~/common/vocabulary.ts";

type Reader = Pick<Prisma.TransactionClient, "$queryRaw">;

interface ClockRow {
  conversationId: string;
  slaPolicyId: string | null;
  target: SlaTarget | null;
  dueAt: Date | null;
  warnAt: Date | null;
  pausedAt: Date | null;
  breachedAt: Date | null;
  stoppedAt: Date | null;
}

/** Breaches listed per conversation (the newest); the timeline keeps them all. */
const MAX_BREACHES = 20;

/**
 * The SLA state of a page of conversations in one statement: running clocks and breached ones, on
 * the (conversationId, stoppedAt) index. Conversations without policy or clocks get none.
 */
export async function slaSummaries(db: Reader, conversationIds: string[]): Promise<Map<string, ConversationSla>> {
  if (conversationIds.length === 0) return new Map();
  const ids = Prisma.join(conversationIds.map((id) => Prisma.sql`(${id})`));
  const rows = await db.$queryRaw<ClockRow[]>`
    SELECT c.id AS "conversationId", c."slaPolicyId", k.target, k."dueAt", k."warnAt", k."pausedAt", k."breachedAt", k."stoppedAt"
    FROM (VALUES ${ids}) AS v (id)
    JOIN "Conversation" c ON c.id = v.id
    LEFT JOIN LATERAL (
      SELECT target, "dueAt", "warnAt", "pausedAt", "breachedAt", "stoppedAt" FROM "SlaClock"
      WHERE "conversationId" = c.id AND ("stoppedAt" IS NULL OR "breachedAt" IS NOT NULL)
      ORDER BY "startedAt" DESC LIMIT ${MAX_BREACHES + 3}
    ) AS k ON true
    WHERE c."slaPolicyId" IS NOT NULL OR k.target IS NOT NULL`;
  const out = new Map<string, ConversationSla>();
  for (const r of rows) {
    let sla = out.get(r.conversationId);
    if (!sla) {
      sla = {
        policyId: r.slaPolicyId,
        firstResponseDueAt: null,
        nextResponseDueAt: null,
        resolutionDueAt: null,
        firstResponseWarnAt: null,
        nextResponseWarnAt: null,
        resolutionWarnAt: null,
        pausedAt: null,
        breaches: [],
      };
      out.set(r.conversationId, sla);
    }
    if (!r.target || !r.dueAt) continue;
    if (r.breachedAt && sla.breaches.length < MAX_BREACHES) {
      sla.breaches.push({ target: r.target, dueAt: r.dueAt.toISOString(), breachedAt: r.breachedAt.toISOString() });
    }
    if (r.stoppedAt) continue;
    const key = r.target === "first_response" ? "firstResponse" : r.target === "next_response" ? "nextResponse" : "resolution";
    sla[`${key}DueAt`] = r.dueAt.toISOString();
    sla[`${key}WarnAt`] = r.warnAt?.toISOString() ?? null;
    if (r.pausedAt) sla.pausedAt = r.pausedAt.toISOString();
  }
  return out;
}
