import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { findVisibleConversation, requireRole } from "~/server/domain/access.ts";
import { type AppError, badRequest, describeIssues } from "~/server/lib/errors.ts";
import { conversationStatusSchema } from "~/common/vocabulary.ts";
import { updateConversation } from "~/server/domain/conversations/update-conversation.ts";
import { mergeConversations } from "~/server/domain/merge/merge-conversations.ts";

export const BULK_ACTIONS = ["assign", "department", "tag", "status", "merge"] as const;
/** One request changes at most this many conversations (a list page is 30; "load more" adds pages). */
export const BULK_MAX_IDS = 200;
/** Conversations changed at the same time: each flow holds a transaction, and the pool is shared. */
const BATCH = 5;

const ids = z.array(z.string().min(1).max(64)).min(1).max(BULK_MAX_IDS);
export const bulkInput = z.discriminatedUnion("action", [
  z.object({ action: z.literal("assign"), ids, assigneeId: z.string().min(1).max(64).nullable() }).strict(),
  z.object({ action: z.literal("department"), ids, departmentId: z.string().min(1).max(64).nullable() }).strict(),
  // Added to each conversation's own tags (the single PATCH replaces the list).
  z.object({ action: z.literal("tag"), ids, tags: z.array(z.string().trim().min(1).max(40)).min(1).max(20) }).strict(),
  z
    .object({
      action: z.literal("status"),
      ids,
      status: conversationStatusSchema,
      snoozedUntil: z.coerce.date().optional(),
      sendSurvey: z.boolean().optional(),
    })
    .strict(),
  // Merged into intoId (one of ids; the first id when absent). All must belong to one customer.
  z.object({ action: z.literal("merge"), ids: ids.min(2), intoId: z.string().min(1).max(64).optional() }).strict(),
]);
export type BulkInput = z.infer<typeof bulkInput>;

export type BulkResult = { id: string; ok: true; changed: boolean } | { id: string; ok: false; error: { code: string; message: string } };

/**
 * One action on many conversations (issue 10): each id goes through the same flow as the single action
 * (visibility, state machine, timeline, realtime, audit, automations), a few at a time. A conversation
 * the agent cannot see or change is reported with its error; the others still change.
 */
export async function bulkUpdateConversations(ctx: AppContext, actor: Actor, raw: unknown) {
  requireRole(actor, "admin", "agent");
  const input = parseBulkInput(raw);
  const unique = [...new Set(input.ids)];
  if (input.action === "merge") return { action: input.action, results: await mergeAll(ctx, actor, unique, input.intoId) };
  const results: BulkResult[] = [];
  for (let i = 0; i < unique.length; i += BATCH) {
    const batch = unique.slice(i, i + BATCH);
    results.push(...(await Promise.all(batch.map((id) => attempt(id, () => applyOne(ctx, actor, id, input))))));
  }
  return { action: input.action, results };
}

function parseBulkInput(raw: unknown): BulkInput {
  const action = z.enum(BULK_ACTIONS).safeParse((raw as { action?: unknown } | null)?.action);
  if (!action.success) throw badRequest(`action: must be one of ${BULK_ACTIONS.join(", ")}`);
  const parsed = bulkInput.safeParse(raw);
  if (!parsed.success) throw badRequest(describeIssues(parsed.error));
  if (parsed.data.action === "status" && parsed.data.status === "snoozed" && !parsed.data.snoozedUntil) {
    throw badRequest("snoozedUntil: snoozing needs a time in the future");
  }
  return parsed.data;
}

async function applyOne(ctx: AppContext, actor: Actor, id: string, input: Exclude<BulkInput, { action: "merge" }>) {
  switch (input.action) {
    case "assign":
      return updateConversation(ctx, actor, id, { assigneeId: input.assigneeId });
    case "department":
      return updateConversation(ctx, actor, id, { departmentId: input.departmentId });
    case "status":
      return updateConversation(ctx, actor, id, {
        status: input.status,
        ...(input.snoozedUntil ? { snoozedUntil: input.snoozedUntil } : {}),
        ...(input.sendSurvey !== undefined ? { sendSurvey: input.sendSurvey } : {}),
      });
    case "tag": {
      const { tags } = await findVisibleConversation(ctx, actor, id, { tags: true });
      return updateConversation(ctx, actor, id, { tags: [...tags, ...input.tags] });
    }
  }
}

/** The others merge one by one into the target; a failure of one (another customer…) is its own result. */
async function mergeAll(ctx: AppContext, actor: Actor, ids: string[], intoId = ids[0]!): Promise<BulkResult[]> {
  if (!ids.includes(intoId)) throw badRequest("intoId: must be one of ids");
  const target = await attempt(intoId, async () => {
    await findVisibleConversation(ctx, actor, intoId, { id: true });
    return { changed: false };
  });
  const results: BulkResult[] = [target];
  for (const id of ids) {
    if (id === intoId) continue;
    results.push(
      target.ok
        ? await attempt(id, async () => {
            await mergeConversations(ctx, actor, id, { intoId });
            return { changed: true };
          })
        : { id, ok: false, error: { code: "conflict", message: "The conversation to merge into cannot be changed" } },
    );
  }
  return results;
}

/** Expected failures (AppError) become the id's result; anything else is a bug and fails the request. */
async function attempt(id: string, run: () => Promise<{ changed: boolean }>): Promise<BulkResult> {
  try {
    const { changed } = await run();
    return { id, ok: true, changed };
  } catch (err) {
    // By name, not instanceof: the page bundle and the server may each hold a copy of the class (app/lib/errors.server.ts).
    if (err instanceof Error && err.name === "AppError") {
      const { code, message } = err as AppError;
      return { id, ok: false, error: { code, message } };
    }
    throw err;
  }
}
