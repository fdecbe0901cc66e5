import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { badRequest } from "~/server/lib/errors.ts";
import { getContact, linkChannel, listChannelLinks, unlinkChannel } from "./domain.server.ts";

/**
 * The customer channels of each Slack inbox, with the names of the contacts and companies they are
 * linked to (two narrow queries for the whole page, not one per link).
 */
export async function slackLinksWithNames(ctx: AppContext, actor: Actor, inboxIds: string[]) {
  const perInbox = await Promise.all(inboxIds.map((id) => listChannelLinks(ctx, actor, id)));
  const links = perInbox.flat();
  const [contacts, companies] = await Promise.all([
    ctx.db.contact.findMany({ where: { id: { in: links.flatMap((l) => l.contactId ?? []) } }, select: { id: true, name: true } }),
    ctx.db.company.findMany({ where: { id: { in: links.flatMap((l) => l.companyId ?? []) } }, select: { id: true, name: true } }),
  ]);
  const names = new Map([...contacts, ...companies].map((r) => [r.id, r.name]));
  return links.map((l) => ({
    inboxId: l.inboxId,
    channelId: l.channelId,
    target: l.contactId
      ? { kind: "contact" as const, id: l.contactId, name: names.get(l.contactId) ?? "?" }
      : { kind: "company" as const, id: l.companyId ?? "", name: names.get(l.companyId ?? "") ?? "?" },
  }));
}

export type SlackLinkRow = Awaited<ReturnType<typeof slackLinksWithNames>>[number];

/** The admin page's link and unlink buttons; "company" links the company of the contact picked. */
export async function slackLinkAction(ctx: AppContext, actor: Actor, form: FormData) {
  const inboxId = String(form.get("inboxId") ?? "");
  const channelId = String(form.get("channelId") ?? "");
  if (form.get("intent") === "unlink-slack") return unlinkChannel(ctx, actor, { inboxId, channelId });
  const contactId = String(form.get("contactId") ?? "");
  if (form.get("target") !== "company") return linkChannel(ctx, actor, { inboxId, channelId, body: { contactId } });
  const contact = await getContact(ctx, actor, contactId);
  if (!contact.company) throw badRequest("This customer has no company");
  return linkChannel(ctx, actor, { inboxId, channelId, body: { companyId: contact.company.id } });
}
