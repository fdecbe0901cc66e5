import { stringify } from "csv-stringify";
import { z } from "zod";
import type { CustomerFilter } from "~/common/customer-filter.ts";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import type { AttributeValue } from "~/server/domain/attributes/attribute-values.ts";
import { findVisibleSegment } from "~/server/domain/segments/segment-access.ts";
import { parseInput } from "~/server/lib/errors.ts";
import { customerPage, listCustomersInput, prepareCustomerQuery, serializeCustomers, type CustomerRow } from "./list-customers.ts";

export const exportCustomersInput = listCustomersInput.omit({ cursor: true, limit: true }).extend({
  /** Export a saved segment's contacts instead of `filter`. */
  segmentId: z.string().min(1).max(64).optional(),
});

const PAGE = 500;

/**
 * A spreadsheet treats a cell starting with = + - @ (or a tab / carriage return) as a formula: such
 * text is exported with a leading apostrophe, so a customer's name can never run in the reader's Excel.
 */
export const csvSafe = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

const cell = (v: AttributeValue | undefined) => (v === undefined ? "" : Array.isArray(v) ? v.join("; ") : String(v));

/**
 * Every contact or company matching the filter (or a segment) as CSV, UTF-8 with a BOM so Excel
 * reads Japanese correctly. Rows are read page by page (keyset) and streamed: an export of a large
 * list never sits in memory. Bad input fails with a 400 before the stream starts.
 */
export async function exportCustomersCsv(ctx: AppContext, actor: Actor, raw: unknown) {
  const input = parseInput(exportCustomersInput, raw);
  const entity = input.segmentId ? "contact" : input.entity;
  const filter = input.segmentId ? ((await findVisibleSegment(ctx, actor, input.segmentId)).filter as CustomerFilter) : input.filter;
  const query = await prepareCustomerQuery(ctx, actor, entity, filter);
  const attributes = [...query.scope.attributes.entries()];
  const fixed =
    entity === "contact"
      ? ["id", "name", "email", "phone", "company", "open_conversations", "last_contact_at", "created_at"]
      : ["id", "name", "domains", "people", "open_conversations", "last_contact_at", "created_at"];
  const header = [...fixed, ...attributes.map(([key]) => key)];
  const row = (c: CustomerRow) => {
    const addresses = (kind: string) => (c.identities ?? []).filter((i) => i.kind === kind).map((i) => i.address);
    const own =
      entity === "contact"
        ? [c.id, c.name, addresses("email").join("; "), addresses("phone").join("; "), c.company?.name ?? ""]
        : [c.id, c.name, (c.domains ?? []).join("; "), String(c.people ?? 0)];
    const derived = [String(c.openConversations), c.lastContactAt ?? "", c.createdAt];
    return [...own, ...derived, ...attributes.map(([key]) => cell(c.attributes[key]))].map(csvSafe);
  };

  const csv = stringify({ bom: true });
  csv.write(header);
  void (async () => {
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof customerPage>> = await customerPage(ctx, query, {
        sort: input.sort,
        dir: input.dir,
        cursor,
        limit: PAGE,
      });
      for (const c of await serializeCustomers(ctx, actor, entity, page.rows)) {
        if (!csv.write(row(c))) await new Promise((resolve) => csv.once("drain", resolve));
      }
      cursor = page.nextCursor;
    } while (cursor);
    csv.end();
  })().catch((err) => csv.destroy(err as Error));
  return { csv, filename: `${entity === "contact" ? "customers" : "companies"}.csv` };
}
