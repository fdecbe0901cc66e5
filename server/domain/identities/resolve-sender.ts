import type { Prisma } from "~/server/db/generated/client.ts";
import type { Address } from "~/integrations/core/types.ts";
import { normalizeName } from "~/server/domain/contacts/normalize-name.ts";

export interface ResolvedSender {
  contactId: string;
  identityId: string;
  /** The contact's name after this message (shown as the author of what it wrote). */
  contactName: string;
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
  // Display names are stored normalised like every other name (issue 14).
  const from = { ...input.from, displayName: input.from.displayName ? normalizeName(input.from.displayName) || undefined : undefined };
  // One statement with the contact's name (a nested select would be a second query; issue 18).
  const [existing] = await tx.$queryRaw<{ id: string; contactId: string; name: string }[]>`
    SELECT i.id, i."contactId", c.name FROM "ContactIdentity" i JOIN "Contact" c ON c.id = i."contactId"
    WHERE i.kind = ${from.kind} AND i.address = ${from.address}`;
  if (existing) {
    let contactName = existing.name;
    if (from.displayName && isPlaceholderName(existing.name, from)) {
      contactName = (
        await tx.contact.update({ where: { id: existing.contactId }, data: { name: from.displayName }, select: { name: true } })
      ).name;
    }
    await linkAliases(tx, existing.contactId, input.aliases);
    return { contactId: existing.contactId, identityId: existing.id, contactName, createdContact: false };
  }

  const aliasOwner = await findAliasOwner(tx, input.aliases);
  const ownerId = aliasOwner?.contactId ?? input.owner?.contactId ?? null;
  const owner = ownerId
    ? {
        id: ownerId,
        name: aliasOwner?.name ?? (await tx.contact.findUniqueOrThrow({ where: { id: ownerId }, select: { name: true } })).name,
      }
    : null;
  let contactId: string;
  let contactName: string;
  let createdContact = false;
  if (owner) {
    contactId = owner.id;
    contactName = owner.name;
  } else {
    const contact = await tx.contact.create({
      data: { name: from.displayName?.trim() || defaultName(from), companyId: input.owner?.companyId ?? null },
      select: { id: true, name: true },
    });
    contactId = contact.id;
    contactName = contact.name;
    createdContact = true;
  }
  const identity = await tx.contactIdentity.create({
    data: { contactId, kind: from.kind, address: from.address, displayName: from.displayName ?? null },
    select: { id: true },
  });
  await linkAliases(tx, contactId, input.aliases);
  return { contactId, identityId: identity.id, contactName, createdContact };
}

/** Finds or creates identities for other people on a message (email To/CC) without making them owners. */
export async function resolveParticipant(tx: Prisma.TransactionClient, address: Address): Promise<string> {
  const found = await tx.contactIdentity.findUnique({
    where: { kind_address: { kind: address.kind, address: address.address } },
    select: { id: true },
  });
  if (found) return found.id;
  const contact = await tx.contact.create({
    data: { name: (address.displayName && normalizeName(address.displayName)) || defaultName(address) },
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
    const [found] = await tx.$queryRaw<{ contactId: string; name: string }[]>`
      SELECT i."contactId", c.name FROM "ContactIdentity" i JOIN "Contact" c ON c.id = i."contactId"
      WHERE i.kind = ${alias.kind} AND i.address = ${alias.address}`;
    if (found) return found;
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
