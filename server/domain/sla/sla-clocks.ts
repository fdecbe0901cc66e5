import type { SlaTarget } from "~/common/vocabulary.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import type { Schedule } from "~/server/domain/business-hours/business-time.ts";
import { nextFireAt, type PolicyTimes, shiftPastPause, scheduleFor, targetTimes } from "./clock-math.ts";
import { firstMatching } from "./match-policy.ts";

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
 * timer (fire-due-clocks.ts), never here.
 */
export async function updateSlaClocks(tx: Tx, conversationId: string, change: SlaChange, at = new Date()) {
  if (change.kind === "customer-message" && change.automated) return;
  const c = await tx.conversation.findUnique({
    where: { id: conversationId },
    select: {
      status: true,
      departmentId: true,
      inboxId: true,
      priority: true,
      tags: true,
      slaPolicyId: true,
      inbox: { select: { kind: true } },
      slaPolicy: { select: policySelect },
      slaClocks: { where: { stoppedAt: null }, select: clockSelect },
    },
  });
  if (!c) return;
  let policy = c.slaPolicy ? toPolicy(c.slaPolicy) : null;
  let running = c.slaClocks;

  if ((change.kind === "customer-message" && change.created) || change.kind === "attributes") {
    const policies = await tx.slaPolicy.findMany({
      where: { enabled: true },
      orderBy: [{ position: "asc" }, { createdAt: "asc" }],
      select: policySelect,
    });
    const facts = { departmentId: c.departmentId, inboxId: c.inboxId, channel: c.inbox.kind, priority: c.priority, tags: c.tags };
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
    running = await stop(tx, running, (k) => k.target === "first_response" || k.target === "next_response", at);
  }
  if (c.status === "resolved" || c.status === "closed") {
    await stop(tx, running, () => true, at);
    return;
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

async function stop(tx: Tx, running: Clock[], which: (k: Clock) => boolean, at: Date) {
  for (const k of running.filter(which)) await save(tx, { ...k, stoppedAt: at });
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
