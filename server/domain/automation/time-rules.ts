import type { AppContext } from "~/server/context.ts";
import type { AutomationEvent } from "~/common/automation-vocabulary.ts";
import { TIME_AUTOMATION_EVENTS } from "~/common/automation-vocabulary.ts";
import { addBusinessMinutes, type Schedule } from "~/server/domain/business-hours/business-time.ts";
import { scheduleOf } from "~/server/domain/business-hours/opening-state.ts";
import { runRules } from "./run-rules.ts";

/** Which conversations are "in the state" of a time-based event (SQL over "Conversation" c). */
const STATE_SQL: Record<(typeof TIME_AUTOMATION_EVENTS)[number], string> = {
  open_no_reply: `c.status = 'open'`,
  pending_no_reply: `c.status = 'pending'`,
  unassigned_no_reply: `c."assigneeId" IS NULL AND c.status IN ('open', 'pending')`,
};

/** The quiet spell is measured from the conversation's last message, either way (not notes or events). */
const LAST_MESSAGE_SQL = `SELECT "createdAt" FROM "Message" WHERE "conversationId" = c.id AND kind = 'message' ORDER BY "createdAt" DESC LIMIT 1`;

/** A claimed timer whose node died mid-run is taken over after this (like the outbox, decision 003). */
const STALE_RUN_MS = 5 * 60_000;

/**
 * Time-based rules (docs/decisions/017-rule-engine.md), run by every node every few seconds:
 * 1. schedule: for each enabled time rule, one AutomationTimer row per conversation that has been in
 *    the state for the rule's minutes since its last message; unique on (rule, conversation, last
 *    message time), so nodes racing insert one row, and a conversation that went quiet while every
 *    node was down is found when one comes back (catch-up);
 * 2. fire: due rows are claimed with FOR UPDATE SKIP LOCKED, so exactly one node runs each; the rule
 *    runs only if the conversation is still in the state and no message came since.
 */
export async function runTimeRules(ctx: AppContext, now = new Date()) {
  await scheduleTimers(ctx, now);
  let fired = 0;
  for (;;) {
    const claimed = await claimDueTimers(ctx, now);
    for (const t of claimed) if (await fireTimer(ctx, t)) fired++;
    if (claimed.length < 50) return fired;
  }
}

async function scheduleTimers(ctx: AppContext, now: Date) {
  const rules = await ctx.db.automationRule.findMany({
    where: { enabled: true, event: { in: [...TIME_AUTOMATION_EVENTS] }, minutes: { not: null } },
    select: { id: true, event: true, minutes: true, businessHoursOnly: true },
  });
  for (const rule of rules) {
    const state = STATE_SQL[rule.event as keyof typeof STATE_SQL];
    if (rule.businessHoursOnly) {
      await scheduleBusinessTimers(ctx, { id: rule.id, minutes: rule.minutes ?? 0 }, state, now);
      continue;
    }
    await ctx.sql.query(
      `INSERT INTO "AutomationTimer" (id, "ruleId", "conversationId", "anchorAt", "dueAt")
       SELECT gen_random_uuid()::text, $1, c.id, m."createdAt", m."createdAt" + make_interval(mins => $2::int)
       FROM "Conversation" c CROSS JOIN LATERAL (${LAST_MESSAGE_SQL}) m
       WHERE ${state} AND c."mergedIntoId" IS NULL AND m."createdAt" <= $3::timestamp - make_interval(mins => $2::int)
       ON CONFLICT ("ruleId", "conversationId", "anchorAt") DO NOTHING`,
      [rule.id, rule.minutes, now],
    );
  }
}

/**
 * "Business hours only": the minutes count inside the conversation's business hours (its
 * department's, else its inbox's; none = calendar time). Business minutes never outrun calendar
 * ones, so the conversations quiet for N calendar minutes are the candidates, and each is due at the
 * N-th business minute after its last message. The insert is the same idempotent one as above.
 */
async function scheduleBusinessTimers(ctx: AppContext, rule: { id: string; minutes: number }, state: string, now: Date) {
  const candidates = await ctx.sql.query<{ id: string; inboxId: string; departmentId: string | null; anchorAt: Date }>(
    `SELECT c.id, c."inboxId", c."departmentId", m."createdAt" AS "anchorAt"
     FROM "Conversation" c CROSS JOIN LATERAL (${LAST_MESSAGE_SQL}) m
     WHERE ${state} AND c."mergedIntoId" IS NULL AND m."createdAt" <= $2::timestamp - make_interval(mins => $3::int)
       AND NOT EXISTS (SELECT 1 FROM "AutomationTimer" t WHERE t."ruleId" = $1 AND t."conversationId" = c.id AND t."anchorAt" = m."createdAt")`,
    [rule.id, now, rule.minutes],
  );
  const schedules = new Map<string, Promise<Schedule | null>>();
  for (const c of candidates) {
    const key = `${c.inboxId}:${c.departmentId}`;
    if (!schedules.has(key)) schedules.set(key, scheduleOf(ctx, { inboxId: c.inboxId, departmentId: c.departmentId }, "department"));
    const schedule = await schedules.get(key);
    const dueAt = schedule
      ? addBusinessMinutes(schedule, c.anchorAt, rule.minutes)
      : new Date(c.anchorAt.getTime() + rule.minutes * 60_000);
    if (!dueAt || dueAt > now) continue;
    await ctx.sql.query(
      `INSERT INTO "AutomationTimer" (id, "ruleId", "conversationId", "anchorAt", "dueAt")
       VALUES (gen_random_uuid()::text, $1, $2, $3, $4::timestamp)
       ON CONFLICT ("ruleId", "conversationId", "anchorAt") DO NOTHING`,
      [rule.id, c.id, c.anchorAt, dueAt],
    );
  }
}

interface ClaimedTimer {
  id: string;
  ruleId: string;
  conversationId: string;
  anchorAt: Date;
}

async function claimDueTimers(ctx: AppContext, now: Date) {
  return ctx.sql.query<ClaimedTimer>(
    `UPDATE "AutomationTimer" t SET status = 'running', "lockedAt" = $1, "lockedBy" = $2
     FROM (SELECT id FROM "AutomationTimer"
           WHERE (status = 'pending' AND "dueAt" <= $1) OR (status = 'running' AND "lockedAt" < $3)
           ORDER BY "dueAt" LIMIT 50 FOR UPDATE SKIP LOCKED) due
     WHERE t.id = due.id
     RETURNING t.id, t."ruleId", t."conversationId", t."anchorAt"`,
    [now, ctx.nodeId, new Date(now.getTime() - STALE_RUN_MS)],
  );
}

async function fireTimer(ctx: AppContext, timer: ClaimedTimer) {
  let ran = false;
  try {
    const rule = await ctx.db.automationRule.findUnique({
      where: { id: timer.ruleId },
      select: { id: true, name: true, event: true, enabled: true, match: true, conditions: true, actions: true },
    });
    if (rule?.enabled && (await stillQuiet(ctx, rule.event as AutomationEvent, timer))) {
      ran = (await runRules(ctx, { event: rule.event as AutomationEvent, conversationId: timer.conversationId }, [rule])).length > 0;
    }
  } finally {
    await ctx.sql.query(`UPDATE "AutomationTimer" SET status = 'done', "firedAt" = $2 WHERE id = $1`, [timer.id, ran ? new Date() : null]);
  }
  return ran;
}

/** Between scheduling and firing a message may have come, or the state changed: then the rule does not run. */
async function stillQuiet(ctx: AppContext, event: AutomationEvent, timer: ClaimedTimer) {
  const state = STATE_SQL[event as keyof typeof STATE_SQL];
  if (!state) return false;
  const rows = await ctx.sql.query(
    `SELECT 1 FROM "Conversation" c CROSS JOIN LATERAL (${LAST_MESSAGE_SQL}) m
     WHERE c.id = $1 AND ${state} AND c."mergedIntoId" IS NULL AND m."createdAt" = $2`,
    [timer.conversationId, timer.anchorAt],
  );
  return rows.length > 0;
}
