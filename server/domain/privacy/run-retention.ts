import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { publishConversationChange } from "~/server/domain/messages/publish.ts";
import { RETENTION_POLICY_ID } from "./retention-policy.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";
import { deleteUnreferencedFiles, eraseMessages } from "./erase-messages.ts";

/** Minimum time between two runs across all nodes. */
export const RETENTION_EVERY_MS = 60 * 60_000;
/** Conversations per step: each step is a few short transactions, never one long lock. */
const BATCH = 20;

/**
 * The timed retention job (issue 15). One node claims the run (a conditional UPDATE of the policy
 * row: the others see it taken and return), then works through the conversations resolved or closed
 * more than `days` ago, in the policy's departments and inboxes, a batch at a time: "anonymise"
 * blanks their messages, files and subject and keeps the rows (reports keep counting them); "erase"
 * deletes the conversations. Each run is logged in RetentionRun with what it did.
 */
export async function runRetention(ctx: AppContext) {
  const claimed = await ctx.sql.query<{ days: number; action: string; departmentIds: string[]; inboxIds: string[] }>(
    `UPDATE "RetentionPolicy" SET "lastRunAt" = now()
     WHERE id = $1 AND enabled AND ("lastRunAt" IS NULL OR "lastRunAt" < now() - ($2 || ' milliseconds')::interval)
     RETURNING days, action, "departmentIds", "inboxIds"`,
    [RETENTION_POLICY_ID, String(RETENTION_EVERY_MS)],
  );
  const policy = claimed[0];
  if (!policy) return null;
  const run = await ctx.db.retentionRun.create({ data: { nodeId: ctx.nodeId, action: policy.action, days: policy.days } });
  const where: Prisma.ConversationWhereInput = {
    status: { in: ["resolved", "closed"] },
    lastActivityAt: { lt: new Date(Date.now() - policy.days * 86_400_000) },
    ...(policy.action === "anonymise" ? { anonymisedAt: null } : {}),
    ...(policy.departmentIds.length ? { departmentId: { in: policy.departmentIds } } : {}),
    ...(policy.inboxIds.length ? { inboxId: { in: policy.inboxIds } } : {}),
  };
  let conversations = 0;
  let messages = 0;
  let cursor: string | undefined;
  for (;;) {
    const batch = await ctx.db.conversation.findMany({
      where,
      orderBy: { id: "asc" },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: { id: true },
    });
    if (batch.length === 0) break;
    cursor = batch[batch.length - 1]!.id;
    const ids = batch.map((c) => c.id);
    const erased = await eraseMessages(ctx, { conversationId: { in: ids } });
    if (policy.action === "erase") {
      await ctx.db.$transaction([
        ctx.db.documentVersion.deleteMany({ where: { attachment: { message: { conversationId: { in: ids } } } } }),
        ctx.db.conversation.deleteMany({ where: { id: { in: ids } } }),
      ]);
    } else {
      await ctx.db.$transaction([
        ctx.db.draft.deleteMany({ where: { conversationId: { in: ids } } }),
        ctx.db.conversation.updateMany({ where: { id: { in: ids } }, data: { subject: "", threadKey: null, anonymisedAt: new Date() } }),
        // Survey comments are the customer's words; the ratings stay, anonymous with the conversation.
        ctx.db.csatSurvey.updateMany({ where: { conversationId: { in: ids } }, data: { comment: null } }),
      ]);
    }
    await deleteUnreferencedFiles(ctx, erased.hashes);
    if (policy.action === "anonymise") for (const id of ids) await publishConversationChange(ctx, id, ["anonymised"]);
    conversations += batch.length;
    messages += erased.erased;
    // In "erase" mode the rows are gone and the next page starts from the top again.
    if (policy.action === "erase") cursor = undefined;
  }
  const done = await ctx.db.retentionRun.update({ where: { id: run.id }, data: { conversations, messages, finishedAt: new Date() } });
  ctx.log.info(`retention: ${policy.action} ${conversations} conversations (${messages} messages) older than ${policy.days} days`);
  await recordAudit(ctx.db, {
    ...by("system"),
    action: "retention.run",
    targetType: "retention_policy",
    targetId: RETENTION_POLICY_ID,
    after: { action: policy.action, days: policy.days, conversations, messages },
  });
  return done;
}
