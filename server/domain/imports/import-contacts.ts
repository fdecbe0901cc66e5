import type { Actor } from "~/server/domain/access.ts";
import { randomUUID } from "node:crypto";
import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import { insertContacts, insertIdentities, type NewContactRow, type NewIdentityRow } from "./insert-contact-rows.ts";
import { normalizeEmail } from "~/integrations/core/addresses/email.ts";
import { normalizePhone } from "~/integrations/core/addresses/phone.ts";
import type { AttributeRule, AttributeValue } from "~/server/domain/attributes/attribute-values.ts";
import { writeAttributeValues } from "~/server/domain/attributes/write-attribute-values.ts";
import { normalizeName } from "~/server/domain/contacts/normalize-name.ts";
import { type BatchImporter, type RowOutcome, cellOf, changedAttributes, rowAttributes } from "./import-row.ts";

interface ContactRow {
  row: number;
  id: string;
  name: string | null;
  reading: string | null;
  email: string | null;
  phone: string | null;
  company: string | null;
  attributes: Record<string, AttributeValue>;
}

interface Existing {
  id: string;
  name: string;
  nameReading: string | null;
  companyId: string | null;
  attributes: unknown;
  mergedIntoId: string | null;
  erasedAt: Date | null;
}

const NAME_MAX = 200;

/** One record read into normalised fields, or the reason it is rejected. */
function readRow(columns: Map<string, number>, rules: AttributeRule[], row: number, fields: string[]): ContactRow | RowOutcome {
  const cell = cellOf(columns, fields);
  const label = cell("name") || cell("email") || cell("phone") || cell("id") || `#${row}`;
  const reject = (reason: string): RowOutcome => ({ row, action: "reject", label, reason });
  const email = cell("email") ? normalizeEmail(cell("email")) : null;
  if (cell("email") && !email) return reject(`email: "${cell("email")}" is not a valid email address`);
  const phone = cell("phone") ? normalizePhone(cell("phone")) : null;
  if (cell("phone") && !phone) return reject(`phone: "${cell("phone")}" is not a valid phone number`);
  const name = cell("name") ? normalizeName(cell("name")) : null;
  const reading = cell("reading") ? normalizeName(cell("reading")) : null;
  const company = cell("company") ? normalizeName(cell("company")) : null;
  for (const [field, value] of [
    ["name", name],
    ["reading", reading],
    ["company", company],
  ] as const) {
    if (value && value.length > NAME_MAX) return reject(`${field}: longer than ${NAME_MAX} characters`);
  }
  if (!cell("id") && !email && !phone) return reject("no email, phone or id to match the row on");
  const attributes = rowAttributes(columns, rules, fields);
  if ("reason" in attributes) return reject(attributes.reason);
  return { row, id: cell("id"), name, reading, email, phone, company, attributes: attributes.patch };
}

/**
 * Contacts, a batch at a time: rows are matched to existing contacts by id, email (lower-cased) or
 * phone (E.164, so 090-1234-5678, +81 90… and full-width digits are one number), then created or
 * updated with a few bulk statements in one transaction. A row that matches nothing new is
 * `unchanged`, which is what makes a re-run of the same file a no-op. In a dry run nothing is written;
 * rows that would be created are remembered so a later row of the same person matches them.
 */
export function contactImporter(
  ctx: AppContext,
  actor: Actor,
  columns: Map<string, number>,
  rules: AttributeRule[],
  dryRun: boolean,
): BatchImporter {
  // Dry run only: identity keys and company names that earlier rows would create.
  const plannedIdentities = new Map<string, string>();
  const plannedCompanies = new Set<string>();

  return async (records) => {
    const rows = records.map((r) => readRow(columns, rules, r.row, r.fields));
    const valid = rows.filter((r): r is ContactRow => !("action" in r));
    const emails = valid.flatMap((r) => (r.email ? [r.email] : []));
    const phones = valid.flatMap((r) => (r.phone ? [r.phone] : []));
    const identities = await ctx.db.contactIdentity.findMany({
      where: {
        OR: [
          { kind: "email", address: { in: emails } },
          { kind: "phone", address: { in: phones } },
        ],
      },
      select: { kind: true, address: true, contactId: true },
    });
    const owner = new Map(identities.map((i) => [`${i.kind}:${i.address}`, i.contactId]));
    const ids = [...new Set([...valid.map((r) => r.id).filter(Boolean), ...identities.map((i) => i.contactId)])];
    const contacts = new Map<string, Existing>(
      (
        await ctx.db.contact.findMany({
          where: { id: { in: ids } },
          select: { id: true, name: true, nameReading: true, companyId: true, attributes: true, mergedIntoId: true, erasedAt: true },
        })
      ).map((c) => [c.id, c]),
    );
    const companyNames = [...new Set(valid.flatMap((r) => (r.company ? [r.company.toLowerCase()] : [])))];
    const companies = new Map<string, string>();
    if (companyNames.length) {
      const found = await ctx.db.$queryRaw<{ id: string; key: string }[]>`
        SELECT DISTINCT ON (lower(name)) id, lower(name) AS key FROM "Company"
        WHERE lower(name) = ANY(${companyNames}::text[]) ORDER BY lower(name), "createdAt"`;
      for (const c of found) companies.set(c.key, c.id);
    }

    const newCompanies: Prisma.CompanyCreateManyInput[] = [];
    const newContacts: NewContactRow[] = [];
    const newIdentities: NewIdentityRow[] = [];
    const updates: { id: string; data: Prisma.ContactUpdateInput; attributes: Record<string, AttributeValue> }[] = [];
    // Contacts this batch creates, by identity key, so a second row of the same person updates the first.
    const batchOwner = new Map<string, string>();

    const companyIdOf = (name: string) => {
      const key = name.toLowerCase();
      const known = companies.get(key);
      if (known) return { id: known, created: false };
      if (dryRun) {
        const created = !plannedCompanies.has(key);
        plannedCompanies.add(key);
        return { id: `planned:${key}`, created };
      }
      const id = randomUUID();
      newCompanies.push({ id, name });
      companies.set(key, id);
      return { id, created: true };
    };

    const outcomes: RowOutcome[] = [];
    for (const r of rows) {
      if ("action" in r) {
        outcomes.push(r);
        continue;
      }
      const label = r.name ?? r.email ?? r.phone ?? r.id;
      const keys = [r.email ? `email:${r.email}` : null, r.phone ? `phone:${r.phone}` : null].filter((k): k is string => k !== null);
      const matched = new Map<string, string>();
      if (r.id) {
        const byId = contacts.get(r.id);
        if (!byId || byId.erasedAt || byId.mergedIntoId) {
          const why = byId?.mergedIntoId ? `contact ${r.id} was merged into ${byId.mergedIntoId}` : `no contact ${r.id}`;
          outcomes.push({ row: r.row, action: "reject", label, reason: `id: ${why}` });
          continue;
        }
        matched.set(byId.id, "id");
      }
      for (const key of keys) {
        const id = owner.get(key) ?? batchOwner.get(key) ?? plannedIdentities.get(key);
        if (id) matched.set(id, key.split(":")[0]!);
      }
      if (matched.size > 1) {
        const who = [...matched].map(([id, how]) => `${how} → ${contacts.get(id)?.name ?? "a row above"}`);
        outcomes.push({ row: r.row, action: "reject", label, reason: `matches different contacts (${who.join(", ")}): merge them first` });
        continue;
      }
      const company = r.company ? companyIdOf(r.company) : null;
      const [targetId] = [...matched.keys()];
      const existing = targetId ? contacts.get(targetId) : undefined;

      if (!targetId) {
        const id = dryRun ? `row:${r.row}` : randomUUID();
        const name = r.name ?? r.email ?? r.phone!;
        for (const key of keys) (dryRun ? plannedIdentities : batchOwner).set(key, id);
        const changes = ["name", ...(r.reading ? ["reading"] : []), ...keys.map((k) => k.split(":")[0]!)];
        if (company) changes.push(company.created ? "company (new)" : "company");
        changes.push(...Object.keys(r.attributes).map((k) => `attributes.${k}`));
        outcomes.push({ row: r.row, action: "create", label, changes });
        if (!dryRun) {
          newContacts.push({ id, name, nameReading: r.reading, companyId: company?.id ?? null, attributes: r.attributes });
          for (const key of keys) newIdentities.push({ contactId: id, kind: key.split(":")[0]!, address: key.slice(key.indexOf(":") + 1) });
        }
        continue;
      }
      if (!existing) {
        // Matched a contact an earlier row of this batch (or, in a dry run, of the file) creates.
        outcomes.push({ row: r.row, action: "unchanged", label, changes: [] });
        continue;
      }
      const data: Prisma.ContactUpdateInput = {};
      const changes: string[] = [];
      if (r.name && r.name !== existing.name) {
        data.name = r.name;
        changes.push("name");
      }
      if (r.reading && r.reading !== existing.nameReading) {
        data.nameReading = r.reading;
        changes.push("reading");
      }
      if (company && company.id !== existing.companyId) {
        if (!dryRun) data.company = { connect: { id: company.id } };
        changes.push(company.created ? "company (new)" : "company");
      }
      const attributes = changedAttributes(existing.attributes, r.attributes);
      changes.push(...attributes.map((k) => `attributes.${k}`));
      for (const key of keys) {
        if (owner.has(key) || batchOwner.has(key)) continue;
        changes.push(key.split(":")[0]!);
        batchOwner.set(key, existing.id);
        if (!dryRun) newIdentities.push({ contactId: existing.id, kind: key.split(":")[0]!, address: key.slice(key.indexOf(":") + 1) });
      }
      outcomes.push({ row: r.row, action: changes.length ? "update" : "unchanged", label, changes });
      if (!dryRun && changes.length)
        updates.push({ id: existing.id, data, attributes: Object.fromEntries(attributes.map((k) => [k, r.attributes[k]!])) });
    }

    if (dryRun || (newContacts.length === 0 && newIdentities.length === 0 && updates.length === 0)) return outcomes;
    await ctx.db.$transaction(async (tx) => {
      if (newCompanies.length) await tx.company.createMany({ data: newCompanies });
      await insertContacts(tx, newContacts);
      // Company auto-linking by email domain runs in the identity trigger (decision 015).
      await insertIdentities(tx, newIdentities);
      for (const u of updates) {
        if (Object.keys(u.data).length) await tx.contact.update({ where: { id: u.id }, data: u.data, select: { id: true } });
        if (Object.keys(u.attributes).length) await writeAttributeValues(tx, "contact", u.id, u.attributes, { actor, via: "import" });
      }
    });
    return outcomes;
  };
}
