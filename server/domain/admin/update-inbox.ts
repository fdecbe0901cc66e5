import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { badRequest, notFound, parseInput } from "~/server/lib/errors.ts";
import { getPath, openInboxConfig, sealInboxConfig, setPath } from "~/server/domain/inboxes/inbox-config.ts";
import { by, changedFields, recordAudit } from "~/server/domain/audit/record-audit.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { createInboxInput } from "./create-inbox.ts";
import { forgetInbox } from "~/server/domain/inboxes/inbox-cache.ts";
import { csatColumns, csatColumnsSelect, csatSettingsInput, toCsatSettings } from "~/server/domain/csat/csat-settings.ts";

/**
 * Editing an inbox: the creation schema without the kind (a channel cannot change kind), every field
 * optional. `config` is the whole channel config, validated by the channel's own schema as at creation;
 * a secret left out (or empty) keeps its stored value, so the admin never sees or re-types it.
 */
export const updateInboxInput = createInboxInput([""])
  .omit({ kind: true })
  .extend({ config: z.record(z.string(), z.unknown()), enabled: z.boolean(), csat: csatSettingsInput })
  .partial()
  .strict();

const inboxSelect = {
  id: true,
  kind: true,
  name: true,
  departmentId: true,
  config: true,
  secrets: true,
  enabled: true,
  ...csatColumnsSelect,
} as const;

export async function updateInbox(ctx: AppContext, actor: Actor, inboxId: string, raw: unknown) {
  requireRole(actor, "admin");
  const input = parseInput(updateInboxInput, raw);
  const before = await ctx.db.inbox.findUnique({ where: { id: inboxId }, select: inboxSelect });
  if (!before) throw notFound("Inbox");
  const adapter = ctx.channels.get(before.kind);
  if (!adapter) throw badRequest(`This server does not run the ${before.kind} channel`);
  if (input.departmentId) {
    const department = await ctx.db.department.findUnique({ where: { id: input.departmentId }, select: { id: true } });
    if (!department) throw badRequest("Unknown department");
  }
  const data: Prisma.InboxUpdateInput = {};
  if (input.name !== undefined) data.name = input.name;
  if (input.departmentId !== undefined)
    data.department = input.departmentId ? { connect: { id: input.departmentId } } : { disconnect: true };
  if (input.enabled !== undefined) data.enabled = input.enabled;
  Object.assign(data, csatColumns(input.csat));
  let replacedSecrets: string[] = [];
  if (input.config) {
    const stored = openInboxConfig(before, ctx.secrets);
    const { config: entered, replaced } = keepUnchangedSecrets(adapter.descriptor.secretKeys, stored, input.config);
    const config = parseInput(adapter.descriptor.configSchema, entered, `${before.kind} config`);
    const sealed = sealInboxConfig(adapter, config as Record<string, unknown>, ctx.secrets);
    data.config = sealed.config as Prisma.InputJsonValue;
    data.secrets = sealed.secrets;
    replacedSecrets = replaced;
  }
  const select = {
    id: true,
    kind: true,
    name: true,
    departmentId: true,
    config: true,
    enabled: true,
    createdAt: true,
    ...csatColumnsSelect,
  } as const;
  const inbox = await ctx.db.$transaction(async (tx) => {
    const updated = await tx.inbox.update({ where: { id: inboxId }, data, select });
    const audit = { ...by(actor), targetType: "inbox" as const, targetId: inboxId, targetLabel: updated.name };
    const fields = (r: typeof before | typeof updated) => ({
      name: r.name,
      departmentId: r.departmentId,
      config: r.config,
      csat: toCsatSettings(r),
    });
    const diff = changedFields(fields(before), fields(updated));
    if (diff.keys.length) await recordAudit(tx, { ...audit, action: "inbox.updated", before: diff.before, after: diff.after });
    // The keys only: the values never reach the log.
    if (replacedSecrets.length) await recordAudit(tx, { ...audit, action: "inbox.secrets_replaced", after: { keys: replacedSecrets } });
    if (before.enabled !== updated.enabled) {
      await recordAudit(tx, {
        ...audit,
        action: updated.enabled ? "inbox.enabled" : "inbox.disabled",
        before: { enabled: before.enabled },
        after: { enabled: updated.enabled },
      });
    }
    return updated;
  });
  forgetInbox(ctx, inboxId);
  const { csatEnabled, csatQuietPeriodDays, ...rest } = inbox;
  return {
    ...rest,
    csat: toCsatSettings({ csatEnabled, csatQuietPeriodDays }),
    setup: adapter.setupInfo?.(ctx.env.PUBLIC_URL, inbox.id) ?? [],
  };
}

/**
 * The entered config with each secret the admin left out (or empty) taken from the stored config, so
 * long as the block holding it is still there; and the secrets the admin did type (replaced).
 */
export function keepUnchangedSecrets(secretKeys: readonly string[], stored: Record<string, unknown>, entered: Record<string, unknown>) {
  const config = structuredClone(entered);
  const replaced: string[] = [];
  for (const key of secretKeys) {
    const value = getPath(config, key);
    if (value !== undefined && value !== "") {
      if (value !== getPath(stored, key)) replaced.push(key);
      continue;
    }
    const parent = key.includes(".") ? getPath(config, key.slice(0, key.lastIndexOf("."))) : config;
    const kept = getPath(stored, key);
    if (parent && typeof parent === "object" && kept !== undefined) setPath(config, key, kept);
  }
  return { config, replaced };
}
