import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { attachmentUrl } from "~/common/urls.ts";
import type { SearchIndex } from "./search-index.ts";
import { makeSnippet } from "./snippet.ts";

/** Document hits shown on the first page of results, above the conversations (like contacts). */
const DOCUMENTS = 10;

/**
 * Library documents found by their title or a version's file name (issue 11), each with its owner
 * (customer or company), its latest file and the matched name highlighted. Only those the actor may
 * see: the index query applies the customer's visibility (search-index.ts).
 */
export async function matchingDocuments(
  ctx: AppContext,
  index: SearchIndex,
  actor: Actor,
  query: { include: string[]; exclude: string[]; contactId?: string; companyId?: string },
) {
  const ids = await index.documents({ actor, ...query, limit: DOCUMENTS });
  if (ids.length === 0) return [];
  const rows = await ctx.db.document.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      title: true,
      updatedAt: true,
      contact: { select: { id: true, name: true } },
      company: { select: { id: true, name: true } },
      versions: {
        orderBy: { version: "desc" },
        select: { version: true, attachment: { select: { id: true, filename: true, contentType: true, size: true } } },
      },
    },
  });
  const byId = new Map(rows.map((d) => [d.id, d]));
  return ids.flatMap((id) => {
    const d = byId.get(id);
    if (!d) return [];
    const latest = d.versions[0]?.attachment;
    // What was indexed: the title and each distinct file name (the latest first here, for display).
    const names = [...new Set([d.title, ...d.versions.map((v) => v.attachment.filename)])];
    return [
      {
        kind: "document" as const,
        documentId: d.id,
        title: d.title,
        ...makeSnippet(names.join(" · "), query.include),
        contact: d.contact,
        company: d.company,
        file: latest ? { ...latest, version: d.versions[0]!.version, url: attachmentUrl(latest.id) } : null,
        updatedAt: d.updatedAt.toISOString(),
      },
    ];
  });
}
