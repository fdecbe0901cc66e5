import type { Prisma } from "~/server/db/generated/client.ts";
import type { Address } from "~/integrations/core/types.ts";

export interface ResolvedSender {
  contactId: string;
  identityId: string;
  createdContact: boolean;
}

/**
 * Finds or creates the contact behind a normalised address (inside the ingest transaction).
 * Addresses the provider vouches for (aliases) link the identity to the contact that owns them, so a
 * person writing by Slack and by email has one timeline. A display name fills an empty name only.
 */
export async function resolveSender(
  tx: Prisma.TransactionClient,
  input: { from: Address; aliases?: Address[]; owner?: { contactId?: string; companyId?: string } },
): Promise<ResolvedSender> {
  const { from } = input;
  const existing = await tx.contactIdentity.findUnique({
    where: { kind_address: { kind: from.kind, address: from.address } },
    select: { id: true, contactId: true, displayName: true, contact: { select: { name: true } } },
  });
  if (existing) {
    if (from.displayName && isPlaceholderName(existing.contact.name, from)) {
      await tx.contact.update({ where: { id: existing.contactId }, data: { name: from.displayName } });
    }
    await linkAliases(tx, existing.contactId, input.aliases);
    return { contactId: existing.contactId, identityId: existing.id, createdContact: false };
  }

  const aliasOwner = await findAliasOwner(tx, input.aliases);
  let contactId = aliasOwner ?? input.owner?.contactId ?? null;
  let createdContact = false;
  if (!contactId) {
    const contact = await tx.contact.create({
      data: { name: from.displayName?.trim() || defaultName(from), companyId: input.owner?.companyId ?? null },
      select: { id: true },
    });
    contactId = contact.id;
    createdContact = true;
  }
  const identity = await tx.contactIdentity.create({
    data: { contactId, kind: from.kind, address: from.address, displayName: from.displayName ?? null },
    select: { id: true },
  });
  await linkAliases(tx, contactId, input.aliases);
  return { contactId, identityId: identity.id, createdContact };
}

/** Finds or creates identities for other people on a message (email To/CC) without making them owners. */
export async function resolveParticipant(tx: Prisma.TransactionClient, address: Address): Promise<string> {
  const found = await tx.contactIdentity.findUnique({
    where: { kind_address: { kind: address.kind, address: address.address } },
    select: { id: true },
  });
  if (found) return found.id;
  const contact = await tx.contact.create({
    data: { name: address.displayName?.trim() || defaultName(address) },
    select: { id: true },
  });
  const identity = await tx.contactIdentity.create({
    data: { contactId: contact.id, kind: address.kind, address: address.address, displayName: address.displayName ?? null },
    select: { id: true },
  });
  return identity.id;
}

async function findAliasOwner(tx: Prisma.TransactionClient, aliases?: Address[]) {
  for (const alias of aliases ?? []) {
    const found = await tx.contactIdentity.findUnique({
      where: { kind_address: { kind: alias.kind, address: alias.address } },
      select: { contactId: true },
    });
    if (found) return found.contactId;
  }
  return null;
}

async function linkAliases(tx: Prisma.TransactionClient, contactId: string, aliases?: Address[]) {
  for (const alias of aliases ?? []) {
    await tx.contactIdentity.upsert({
      where: { kind_address: { kind: alias.kind, address: alias.address } },
      create: { contactId, kind: alias.kind, address: alias.address, displayName: alias.displayName ?? null },
      // An alias already owned by another contact stays there: merging people is an explicit agent action.
      update: {},
    });
  }
}

function defaultName(a: Address) {
  if (a.kind === "chat_visitor") return `Visitor ${a.address.slice(-4).toUpperCase()}`;
  // An address with a local part (email) is named by it; other kinds' addresses have no "@".
  return a.address.split("@")[0] ?? a.address;
}

/** A name Switchboard made up (or none), which a name the person gives may replace. */
function isPlaceholderName(name: string, from: Address) {
  // Visitor ids are base64url, so the made-up name's last four characters may include "-" and "_".
  return !name.trim() || name === from.address || name === defaultName(from) || /^Visitor [0-9A-Za-z_-]{4}$/i.test(name);
}
