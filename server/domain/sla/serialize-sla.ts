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
    const sla = out.get(r.conversationId) ?? emptySla(r.slaPolicyId);
    out.set(r.conversationId, sla);
    addClock(sla, r);
  }
  return out;
}

type ClockColumns = Omit<ClockRow, "conversationId" | "slaPolicyId">;

/**
 * The same summary of one conversation whose policy and clocks were read with another statement
 * (`slaClocksJsonSql`, newest first): null without policy or clocks, as slaSummaries leaves it out.
 */
export function slaSummaryOf(slaPolicyId: string | null, clocks: ClockColumns[]): ConversationSla | null {
  if (!slaPolicyId && clocks.length === 0) return null;
  const sla = emptySla(slaPolicyId);
  for (const k of clocks) addClock(sla, k);
  return sla;
}

/**
 * slaSummaries' clock rows of the conversation `c` as a JSON array (timestamps as ISO text without a
 * zone), for a statement that reads the conversation anyway.
 */
export const slaClocksJsonSql = `COALESCE((SELECT json_agg(json_build_object('target', k.target, 'dueAt', k."dueAt", 'warnAt', k."warnAt",
    'pausedAt', k."pausedAt", 'breachedAt', k."breachedAt", 'stoppedAt', k."stoppedAt") ORDER BY k."startedAt" DESC)
  FROM (SELECT target, "dueAt", "warnAt", "pausedAt", "breachedAt", "stoppedAt", "startedAt" FROM "SlaClock"
    WHERE "conversationId" = c.id AND ("stoppedAt" IS NULL OR "breachedAt" IS NOT NULL)
    ORDER BY "startedAt" DESC LIMIT ${MAX_BREACHES + 3}) k), '[]'::json)`;

function emptySla(policyId: string | null): ConversationSla {
  return {
    policyId,
    firstResponseDueAt: null,
    nextResponseDueAt: null,
    resolutionDueAt: null,
    firstResponseWarnAt: null,
    nextResponseWarnAt: null,
    resolutionWarnAt: null,
    pausedAt: null,
    breaches: [],
  };
}

function addClock(sla: ConversationSla, r: ClockColumns) {
  if (!r.target || !r.dueAt) return;
  if (r.breachedAt && sla.breaches.length < MAX_BREACHES) {
    sla.breaches.push({ target: r.target, dueAt: r.dueAt.toISOString(), breachedAt: r.breachedAt.toISOString() });
  }
  if (r.stoppedAt) return;
  const key = r.target === "first_response" ? "firstResponse" : r.target === "next_response" ? "nextResponse" : "resolution";
  sla[`${key}DueAt`] = r.dueAt.toISOString();
  sla[`${key}WarnAt`] = r.warnAt?.toISOString() ?? null;
  if (r.pausedAt) sla.pausedAt = r.pausedAt.toISOString();
}
