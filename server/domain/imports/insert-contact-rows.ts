import { randomUUID } from "node:crypto";
import type { Prisma } from "~/server/db/generated/client.ts";

/**
 * An import batch's new contacts and identities, each in one `INSERT … SELECT FROM unnest(arrays)`:
 * a handful of array parameters instead of one per cell. Measured on PostgreSQL under load: a batch of
 * 500 contacts and 1,000 identities took ~2.2 s through `createMany` and ~0.3 s in SQL, almost all of
 * it the generated search columns and their GIN indexes (decision 026). Triggers (company linking by
 * email domain, webhook events) fire as for any insert.
 */
export interface NewContactRow {
  id: string;
  name: string;
  nameReading?: string | null;
  companyId: string | null;
  attributes: Record<string, unknown>;
}
export interface NewIdentityRow {
  contactId: string;
  kind: string;
  address: string;
}

export async function insertContacts(tx: Prisma.TransactionClient, rows: NewContactRow[]) {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "Contact" ("id", "name", "nameReading", "companyId", "attributes", "updatedAt")
    SELECT id, name, reading, company, attrs::jsonb, now()
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.nameReading ?? null)}::text[],
      ${rows.map((r) => r.companyId)}::text[], ${rows.map((r) => JSON.stringify(r.attributes))}::text[]) AS t(id, name, reading, company, attrs)`;
}

/** New identities; one that exists already (another batch's row of the same person) is skipped. */
export async function insertIdentities(tx: Prisma.TransactionClient, rows: NewIdentityRow[]) {
  if (rows.length === 0) return;
  await tx.$executeRaw`
    INSERT INTO "ContactIdentity" ("id", "contactId", "kind", "address")
    SELECT id, contact, kind, address
    FROM unnest(${rows.map(() => randomUUID())}::text[], ${rows.map((r) => r.contactId)}::text[], ${rows.map((r) => r.kind)}::text[],
      ${rows.map((r) => r.address)}::text[]) AS t(id, contact, kind, address)
    ON CONFLICT DO NOTHING`;
}
