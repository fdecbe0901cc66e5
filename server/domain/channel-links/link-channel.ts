import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { requireRole } from "~/server/domain/access.ts";
import { AppError, badRequest, notFound } from "~/server/lib/errors.ts";

/**
 * Slack conversation ids: C… (public and Slack Connect channels), G… (older private channels). The
 * only channel with links is Slack, and its ids and messages are the public /slack-channels contract.
 */
const channelIdSchema = z
  .string()
  .trim()
  .regex(/^[CG][A-Z0-9]{2,30}$/, "channelId: not a Slack channel id (C… or G…)");

const linkInput = z.union([
  z.object({ contactId: z.string().min(1), companyId: z.undefined().optional() }).strict(),
  z.object({ companyId: z.string().min(1), contactId: z.undefined().optional() }).strict(),
]);

const linkSelect = { inboxId: true, externalId: true, contactId: true, companyId: true, createdAt: true } as const;

/** The API calls the external id `channelId` (GET/PUT /inboxes/:id/slack-channels). */
const toJson = ({
  externalId,
  ...link
}: {
  inboxId: string;
  externalId: string;
  contactId: string | null;
  companyId: string | null;
  createdAt: Date;
}) => ({
  inboxId: link.inboxId,
  channelId: externalId,
  contactId: link.contactId,
  companyId: link.companyId,
  createdAt: link.createdAt,
});

/**
 * Ties an inbox's external channel (a shared Slack channel) to the customer it is with: every message
 * there opens or continues a conversation owned by that contact or company. Idempotent (PUT):
 * re-linking replaces the target.
 */
export async function linkChannel(ctx: AppContext, actor: Actor, opts: { inboxId: string; channelId: string; body: unknown }) {
  requireRole(actor, "admin");
  const channel = channelIdSchema.safeParse(opts.channelId);
  if (!channel.success) throw badRequest(channel.error.issues[0]!.message);
  const parsed = linkInput.safeParse(opts.body ?? {});
  if (!parsed.success) throw badRequest("Send exactly one of contactId or companyId");
  const target = parsed.data;

  await requireLinkableInbox(ctx, opts.inboxId);
  if (target.contactId) {
    const contact = await ctx.db.contact.findUnique({ where: { id: target.contactId }, select: { mergedIntoId: true } });
    if (!contact) throw notFound("Contact");
    if (contact.mergedIntoId) throw new AppError("conflict", `This contact was merged into ${contact.mergedIntoId}; link that one`);
  } else {
    const company = await ctx.db.company.findUnique({ where: { id: target.companyId! }, select: { id: true } });
    if (!company) throw notFound("Company");
  }
  const data = { contactId: target.contactId ?? null, companyId: target.companyId ?? null };
  const link = await ctx.db.channelLink.upsert({
    where: { inboxId_externalId: { inboxId: opts.inboxId, externalId: channel.data } },
    create: { inboxId: opts.inboxId, externalId: channel.data, ...data },
    update: data,
    select: linkSelect,
  });
  return toJson(link);
}

/** Removes a link: later messages in that channel are ignored; past conversations stay. */
export async function unlinkChannel(ctx: AppContext, actor: Actor, opts: { inboxId: string; channelId: string }) {
  requireRole(actor, "admin");
  await requireLinkableInbox(ctx, opts.inboxId);
  const { count } = await ctx.db.channelLink.deleteMany({ where: { inboxId: opts.inboxId, externalId: opts.channelId } });
  if (count === 0) throw notFound("Slack channel link");
}

export async function listChannelLinks(ctx: AppContext, actor: Actor, inboxId: string) {
  requireRole(actor, "admin");
  await requireLinkableInbox(ctx, inboxId);
  const links = await ctx.db.channelLink.findMany({ where: { inboxId }, select: linkSelect, orderBy: { createdAt: "asc" } });
  return links.map(toJson);
}

/** The inbox's channel says whether admins link its channels (descriptor capability, never the kind). */
async function requireLinkableInbox(ctx: AppContext, inboxId: string) {
  const inbox = await ctx.db.inbox.findUnique({ where: { id: inboxId }, select: { kind: true } });
  if (!inbox) throw notFound("Inbox");
  if (!ctx.channels.get(inbox.kind)?.descriptor.capabilities.channelLinks) throw badRequest("Only Slack inboxes have linked channels");
}
