import type { Actor } from "~/server/domain/access.ts";
import type { AppContext } from "~/server/context.ts";
import type { Prisma } from "~/server/db/generated/client.ts";
import type { AttributeRule, AttributeValue } from "~/server/domain/attributes/attribute-values.ts";
import { writeAttributeValues } from "~/server/domain/attributes/write-attribute-values.ts";
import { domainsInput, setCompanyDomains } from "~/server/domain/companies/company-domains.ts";
import { normalizeName } from "~/server/domain/contacts/normalize-name.ts";
import { describeIssues } from "~/server/lib/errors.ts";
import { type BatchImporter, type RowOutcome, cellOf, changedAttributes, rowAttributes } from "./import-row.ts";

interface CompanyRow {
  row: number;
  id: string;
  name: string | null;
  domains: string[];
  notes: string | null;
  attributes: Record<string, AttributeValue>;
}

function readRow(columns: Map<string, number>, rules: AttributeRule[], row: number, fields: string[]): CompanyRow | RowOutcome {
  const cell = cellOf(columns, fields);
  const label = cell("name") || cell("domains") || cell("id") || `#${row}`;
  const reject = (reason: string): RowOutcome => ({ row, action: "reject", label, reason });
  const name = cell("name") ? normalizeName(cell("name")) : null;
  if (name && name.length > 200) return reject("name: longer than 200 characters");
  // Domains as a list in one cell: "example.com, example.co.jp".
  const domains = domainsInput.safeParse(
    cell("domains")
      .split(/[\s,;、]+/u)
      .filter(Boolean),
  );
  if (!domains.success) return reject(`domains: ${describeIssues(domains.error).replace(/^\d+: /, "")}`);
  const notes = cell("notes") || null;
  if (notes && notes.length > 20_000) return reject("notes: longer than 20,000 characters");
  if (!cell("id") && !name && domains.data.length === 0) return reject("no name, domain or id to match the row on");
  const attributes = rowAttributes(columns, rules, fields);
  if ("reason" in attributes) return reject(attributes.reason);
  return { row, id: cell("id"), name, domains: domains.data, notes, attributes: attributes.patch };
}

/**
 * Companies: matched by id, then by one of their domains, then by name (case-insensitive); domains
 * are added, never removed, and a domain of another company rejects the row. Companies are few next
 * to contacts, so each row is written on its own, in the batch's transaction.
 */
export function companyImporter(
  ctx: AppContext,
  actor: Actor,
  columns: Map<string, number>,
  rules: AttributeRule[],
  dryRun: boolean,
): BatchImporter {
  // Companies this import created (or, in a dry run, would create), by lower-cased name and domain.
  const planned = new Map<string, string>();

  return async (records) => {
    const rows = records.map((r) => readRow(columns, rules, r.row, r.fields));
    const valid = rows.filter((r): r is CompanyRow => !("action" in r));
    const names = [...new Set(valid.flatMap((r) => (r.name ? [r.name.toLowerCase()] : [])))];
    const found = await ctx.db.company.findMany({
      where: {
        OR: [
          { id: { in: valid.map((r) => r.id).filter(Boolean) } },
          { domains: { some: { domain: { in: valid.flatMap((r) => r.domains) } } } },
          ...(names.length ? [{ name: { in: valid.flatMap((r) => (r.name ? [r.name] : [])), mode: "insensitive" as const } }] : []),
        ],
      },
      select: { id: true, name: true, notes: true, attributes: true, domains: { select: { domain: true } } },
      orderBy: { createdAt: "asc" },
    });
    const byId = new Map(found.map((c) => [c.id, c]));
    const byKey = new Map<string, string>();
    for (const c of found.toReversed()) {
      byKey.set(`name:${c.name.toLowerCase()}`, c.id);
      for (const d of c.domains) byKey.set(`domain:${d.domain}`, c.id);
    }

    const outcomes: RowOutcome[] = [];
    const writes: ((tx: Prisma.TransactionClient) => Promise<void>)[] = [];
    for (const r of rows) {
      if ("action" in r) {
        outcomes.push(r);
        continue;
      }
      const label = r.name ?? r.domains[0] ?? r.id;
      const reject = (reason: string) => outcomes.push({ row: r.row, action: "reject", label, reason });
      if (r.id && !byId.has(r.id)) {
        reject(`id: no company ${r.id}`);
        continue;
      }
      const keyOf = (key: string) => byKey.get(key) ?? planned.get(key);
      const domainOwners = new Set(r.domains.map((d) => keyOf(`domain:${d}`)).filter((id): id is string => !!id));
      const targetId = r.id || [...domainOwners][0] || (r.name ? keyOf(`name:${r.name.toLowerCase()}`) : undefined);
      const foreign = r.domains.filter((d) => {
        const owner = keyOf(`domain:${d}`);
        return owner && owner !== targetId;
      });
      if (foreign.length) {
        reject(`domains: ${foreign.join(", ")} already belong to another company`);
        continue;
      }
      const existing = targetId ? byId.get(targetId) : undefined;
      if (!targetId) {
        if (!r.name) {
          reject("name: needed to create a company");
          continue;
        }
        const id = crypto.randomUUID();
        planned.set(`name:${r.name.toLowerCase()}`, id);
        for (const d of r.domains) planned.set(`domain:${d}`, id);
        const changes = ["name", ...(r.domains.length ? ["domains"] : []), ...(r.notes ? ["notes"] : [])];
        changes.push(...Object.keys(r.attributes).map((k) => `attributes.${k}`));
        outcomes.push({ row: r.row, action: "create", label, changes });
        const { name, domains, notes, attributes } = r;
        writes.push(async (tx) => {
          await tx.company.create({ data: { id, name, notes: notes ?? "", attributes }, select: { id: true } });
          await setCompanyDomains(tx, id, domains);
        });
        continue;
      }
      if (!existing) {
        outcomes.push({ row: r.row, action: "unchanged", label, changes: [] });
        continue;
      }
      const changes: string[] = [];
      const data: { name?: string; notes?: string } = {};
      if (r.name && r.name !== existing.name) data.name = r.name;
      if (r.notes && r.notes !== existing.notes) data.notes = r.notes;
      changes.push(...Object.keys(data));
      const known = existing.domains.map((d) => d.domain);
      const added = r.domains.filter((d) => !known.includes(d));
      if (added.length) changes.push("domains");
      for (const d of added) byKey.set(`domain:${d}`, existing.id);
      const attributes = changedAttributes(existing.attributes, r.attributes);
      changes.push(...attributes.map((k) => `attributes.${k}`));
      outcomes.push({ row: r.row, action: changes.length ? "update" : "unchanged", label, changes });
      if (!changes.length) continue;
      const patch = Object.fromEntries(attributes.map((k) => [k, r.attributes[k]!]));
      writes.push(async (tx) => {
        if (data.name || data.notes) await tx.company.update({ where: { id: existing.id }, data, select: { id: true } });
        if (added.length) await setCompanyDomains(tx, existing.id, [...known, ...added]);
        if (attributes.length) await writeAttributeValues(tx, "company", existing.id, patch, { actor, via: "import" });
      });
    }
    if (!dryRun && writes.length) {
      await ctx.db.$transaction(async (tx) => {
        for (const write of writes) await write(tx);
      });
    }
    return outcomes;
  };
}
