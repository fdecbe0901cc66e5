import type { SlaTarget } from "~/common/vocabulary.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import type { Schedule } from "~/server/domain/business-hours/business-time.ts";
import { nextFireAt, type PolicyTimes, shiftPastPause, scheduleFor, targetTimes } from "./clock-math.ts";
import { firstMatching } from "./match-policy.ts";
import { recordSlaMet } from "~/server/domain/reports/record-report-event.ts";

type Tx = Prisma.TransactionClient;

/** What happened to a conversation, as far as its SLA clocks care (decision 016). */
export type SlaChange =
  /** `automated`: an auto-reply or bounce, which neither starts nor resets a clock. */
  | { kind: "customer-message"; created: boolean; automated: boolean }
  | { kind: "agent-reply" }
  /** The status was changed (already written in this transaction). */
  | { kind: "status" }
  /** Department, priority, tags or inbox changed: the matching policy may be another one. */
  | { kind: "attributes" };

const policySelect = {
  id: true,
  conditions: true,
  firstResponseMinutes: true,
  nextResponseMinutes: true,
  resolutionMinutes: true,
  warnAtPercent: true,
  calendarTargets: true,
  pauseWhenSnoozed: true,
  businessHours: { select: { timezone: true, intervals: true, holidays: true, japaneseHolidays: true } },
} as const;
type PolicyRow = Prisma.SlaPolicyGetPayload<{ select: typeof policySelect }>;
type Policy = PolicyTimes & { id: string; pauseWhenSnoozed: boolean };

const toPolicy = (p: PolicyRow): Policy => ({
  ...p,
  schedule: p.businessHours ? ({ ...p.businessHours, intervals: p.businessHours.intervals } as Schedule) : null,
});

const clockSelect = {
  id: true,
  target: true,
  startedAt: true,
  dueAt: true,
  warnAt: true,
  pausedAt: true,
  warnedAt: true,
  breachedAt: true,
  stoppedAt: true,
} as const;
type Clock = Prisma.SlaClockGetPayload<{ select: typeof clockSelect }>;

/**
 * Starts, stops, pauses and resumes a conversation's SLA clocks inside the transaction that made the
 * change, so a clock never disagrees with the conversation. Warnings and breaches are fired by the
 * timer (fire-due-clocks.ts), never here. Resolves to false when the conversation certainly has no
 * SLA state to show (no policy, no running or breached clock), so a caller can skip reading it.
 */
export async function updateSlaClocks(tx: Tx, conversationId: string, change: SlaChange, at = new Date()): Promise<boolean> {
  if (change.kind === "customer-message" && change.automated) return true;
  const choosing = (change.kind === "customer-message" && change.created) || change.kind === "attributes";
  const c = await loadSlaState(tx, conversationId, choosing);
  if (!c) return false;
  let policy = c.slaPolicy ? toPolicy(c.slaPolicy) : null;
  let running = c.slaClocks;

  if (choosing) {
    const policies = c.policies ?? [];
    const facts = {
      departmentId: c.departmentId,
      inboxId: c.inboxId,
      channel: c.channel,
      priority: c.priority,
      tags: c.tags,
      attributes: {
        contact: (c.contactAttributes ?? {}) as Record<string, unknown>,
        company: (c.companyAttributes ?? {}) as Record<string, unknown>,
      },
    };
    const matched = firstMatching(policies, facts);
    if ((matched?.id ?? null) !== c.slaPolicyId) {
      await tx.conversation.update({ where: { id: conversationId }, data: { slaPolicyId: matched?.id ?? null } });
      policy = matched ? toPolicy(matched) : null;
      running = await retime(tx, running, policy, at);
    }
  }

  if (change.kind === "customer-message" && policy) {
    const targets: SlaTarget[] = change.created ? ["first_response", "resolution"] : [];
    // The next-response clock runs from the first customer message no agent has answered yet.
    if (!change.created && !running.some((k) => k.target === "first_response" || k.target === "next_response"))
      targets.push("next_response");
    for (const target of targets) {
      const clock = await startClock(tx, conversationId, policy, target, at);
      if (clock) running.push(clock);
    }
  }
  if (change.kind === "agent-reply") {
    running = await stop(tx, conversationId, running, (k) => k.target === "first_response" || k.target === "next_response", at);
  }
  if (c.status === "resolved" || c.status === "closed") {
    await stop(
      tx,
      conversationId,
      running,
      () => true,
      at,
      (k) => k.target === "resolution",
    );
    return true;
  }
  const paused = c.status === "pending" || (c.status === "snoozed" && (policy?.pauseWhenSnoozed ?? false));
  for (const k of running) {
    if (paused && !k.pausedAt) await save(tx, { ...k, pausedAt: at });
    if (!paused && k.pausedAt) {
      const schedule = policy ? scheduleFor(policy, k.target as SlaTarget) : null;
      const dueAt = shiftPastPause(schedule, k.dueAt, k.pausedAt, at);
      const warnAt = k.warnAt && !k.warnedAt ? shiftPastPause(schedule, k.warnAt, k.pausedAt, at) : k.warnAt;
      await save(tx, { ...k, dueAt, warnAt, pausedAt: null });
    }
  }
  return policy !== null || running.length > 0 || c.anyBreached;
}

const policyJson = `json_build_object('id', p.id, 'conditions', p.conditions, 'firstResponseMinutes', p."firstResponseMinutes",
  'nextResponseMinutes', p."nextResponseMinutes", 'resolutionMinutes', p."resolutionMinutes", 'warnAtPercent', p."warnAtPercent",
  'calendarTargets', p."calendarTargets", 'pauseWhenSnoozed', p."pauseWhenSnoozed",
  'businessHours', CASE WHEN b.id IS NULL THEN NULL ELSE json_build_object('timezone', b.timezone, 'intervals', b.intervals,
    'holidays', b.holidays, 'japaneseHolidays', b."japaneseHolidays") END)`;

type SlaState = {
  status: string;
  departmentId: string | null;
  inboxId: string;
  priority: Prisma.ConversationGetPayload<{ select: { priority: true } }>["priority"];
  tags: string[];
  slaPolicyId: string | null;
  channel: string;
  contactAttributes: unknown;
  companyAttributes: unknown;
  slaPolicy: PolicyRow | null;
  slaClocks: Clock[];
  policies: PolicyRow[] | null;
  anyBreached: boolean;
};
type ClockJson = { [K in keyof Clock]: Clock[K] extends Date | null ? string | null : Clock[K] };

/**
 * The conversation's facts, its policy, its running clocks and, when a policy may be chosen, the
 * enabled policies in order: one statement instead of Prisma's nine for the same nested select
 * (every inbound message runs this in its transaction, issue 18).
 */
async function loadSlaState(tx: Tx, conversationId: string, withPolicies: boolean): Promise<SlaState | null> {
  const [row] = await tx.$queryRawUnsafe<(Omit<SlaState, "slaClocks"> & { slaClocks: ClockJson[] })[]>(
    `SELECT c.status::text AS status, c."departmentId", c."inboxId", c.priority::text AS priority, c.tags, c."slaPolicyId",
       i.kind AS channel, ct.attributes AS "contactAttributes", co.attributes AS "companyAttributes",
       (SELECT ${policyJson} FROM "SlaPolicy" p LEFT JOIN "BusinessHours" b ON b.id = p."businessHoursId"
         WHERE p.id = c."slaPolicyId") AS "slaPolicy",
       COALESCE((SELECT json_agg(json_build_object('id', k.id, 'target', k.target, 'startedAt', k."startedAt", 'dueAt', k."dueAt",
           'warnAt', k."warnAt", 'pausedAt', k."pausedAt", 'warnedAt', k."warnedAt", 'breachedAt', k."breachedAt",
           'stoppedAt', k."stoppedAt") ORDER BY k."createdAt", k.id)
         FROM "SlaClock" k WHERE k."conversationId" = c.id AND k."stoppedAt" IS NULL), '[]'::json) AS "slaClocks",
       EXISTS (SELECT 1 FROM "SlaClock" k WHERE k."conversationId" = c.id AND k."breachedAt" IS NOT NULL) AS "anyBreached",
       CASE WHEN $2 THEN COALESCE((SELECT json_agg(${policyJson} ORDER BY p.position, p."createdAt")
         FROM "SlaPolicy" p LEFT JOIN "BusinessHours" b ON b.id = p."businessHoursId" WHERE p.enabled), '[]'::json) END AS policies
     FROM "Conversation" c JOIN "Inbox" i ON i.id = c."inboxId" JOIN "Contact" ct ON ct.id = c."contactId"
     LEFT JOIN "Company" co ON co.id = ct."companyId"
     WHERE c.id = $1`,
    conversationId,
    withPolicies,
  );
  if (!row) return null;
  // json_build_object writes a timestamp(3) as ISO text without a zone: the columns hold UTC.
  const at = (v: string | null) => (v === null ? null : new Date(`${v}Z`));
  const slaClocks = row.slaClocks.map((k) => ({
    ...k,
    startedAt: at(k.startedAt)!,
    dueAt: at(k.dueAt)!,
    warnAt: at(k.warnAt),
    pausedAt: at(k.pausedAt),
    warnedAt: at(k.warnedAt),
    breachedAt: at(k.breachedAt),
    stoppedAt: at(k.stoppedAt),
  }));
  return { ...row, slaClocks };
}

async function startClock(tx: Tx, conversationId: string, policy: Policy, target: SlaTarget, at: Date) {
  const times = targetTimes(policy, target, at);
  if (!times) return null;
  const fresh = { ...times, pausedAt: null, warnedAt: null, breachedAt: null, stoppedAt: null };
  return tx.slaClock.create({
    data: { conversationId, policyId: policy.id, target, startedAt: at, ...fresh, fireAt: nextFireAt(fresh) },
    select: clockSelect,
  });
}

/** Running clocks under another policy: each target is counted again from when it started, or stops. */
async function retime(tx: Tx, running: Clock[], policy: Policy | null, at: Date): Promise<Clock[]> {
  const kept: Clock[] = [];
  for (const k of running) {
    const times = policy ? targetTimes(policy, k.target as SlaTarget, k.startedAt) : null;
    if (!times) {
      await save(tx, { ...k, stoppedAt: at });
      continue;
    }
    const next = { ...k, ...times, warnedAt: times.warnAt && times.warnAt > at ? null : k.warnedAt };
    await save(tx, next, policy!.id);
    kept.push(next);
  }
  return kept;
}

/**
 * A reply or a resolve stops clocks; the `met` ones (a reply: the response targets; a resolve: the
 * resolution target) that stop before their due time are recorded as met for the reports (issue 13).
 */
async function stop(tx: Tx, conversationId: string, running: Clock[], which: (k: Clock) => boolean, at: Date, met = which) {
  const stopped = running.filter(which);
  for (const k of stopped) await save(tx, { ...k, stoppedAt: at });
  await recordSlaMet(tx, conversationId, stopped.filter(met), at);
  return running.filter((k) => !which(k));
}

async function save(tx: Tx, k: Clock, policyId?: string) {
  await tx.slaClock.update({
    where: { id: k.id },
    data: {
      dueAt: k.dueAt,
      warnAt: k.warnAt,
      pausedAt: k.pausedAt,
      warnedAt: k.warnedAt,
      stoppedAt: k.stoppedAt,
      fireAt: nextFireAt(k),
      ...(policyId ? { policyId } : {}),
    },
  });
}
