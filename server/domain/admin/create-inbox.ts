import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { badRequest, parseInput } from "~/server/lib/errors.ts";
import { sealInboxConfig } from "~/server/domain/inboxes/inbox-config.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { forgetInbox } from "~/server/domain/inboxes/inbox-cache.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";

/** The input for the channels this server runs: `kind` is one of the registry's kinds. */
export const createInboxInput = (kinds: readonly string[]) =>
  z.object({
    kind: z.enum(kinds as [string, ...string[]]),
    name: z.string().trim().min(1).max(100),
    departmentId: z.string().min(1).nullish(),
    config: z.record(z.string(), z.unknown()).default({}),
  });

/** Sets up a channel: config validated by the channel's own schema, secrets sealed at rest. */
export async function createInbox(ctx: AppContext, actor: Actor, raw: unknown) {
  requireRole(actor, "admin");
  const input = parseInput(createInboxInput(ctx.channels.kinds), raw);
  const adapter = ctx.channels.get(input.kind)!;
  const config = parseInput(adapter.descriptor.configSchema, input.config, `${input.kind} config`);
  if (input.departmentId) {
    const department = await ctx.db.department.findUnique({ where: { id: input.departmentId }, select: { id: true } });
    if (!department) throw badRequest("Unknown department");
  }
  const sealed = sealInboxConfig(adapter, config as Record<string, unknown>, ctx.secrets);
  const inbox = await ctx.db.$transaction(async (tx) => {
    const created = await tx.inbox.create({
      data: {
        kind: input.kind,
        name: input.name,
        departmentId: input.departmentId ?? null,
        config: sealed.config as Prisma.InputJsonValue,
        secrets: sealed.secrets,
      },
      select: { id: true, kind: true, name: true, departmentId: true, config: true, enabled: true, createdAt: true },
    });
    // The clear config only, and which secrets were set (never their values).
    const after = { kind: created.kind, name: created.name, departmentId: created.departmentId, config: created.config };
    const secrets = adapter.descriptor.secretKeys.filter((key) => sealed.secrets && key in flatten(config as Record<string, unknown>));
    await recordAudit(tx, {
      ...by(actor),
      action: "inbox.created",
      targetType: "inbox",
      targetId: created.id,
      targetLabel: created.name,
      after: { ...after, secretsSet: secrets },
    });
    return created;
  });
  forgetInbox(ctx, inbox.id);
  return { ...inbox, setup: adapter.setupInfo?.(ctx.env.PUBLIC_URL, inbox.id) ?? [] };
}

/** Dotted paths of a nested config (`smtp.pass`), to name the secrets an admin set. */
function flatten(obj: Record<string, unknown>, prefix = ""): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (v && typeof v === "object" && !Array.isArray(v)) Object.assign(out, flatten(v as Record<string, unknown>, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = v;
  }
  return out;
}
