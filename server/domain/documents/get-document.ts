import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import { visibleConversationWhere, visibleDocumentWhere } from "~/server/domain/access.ts";
import { notFound } from "~/server/lib/errors.ts";
import { attachmentUrl } from "~/common/urls.ts";

const fileSelect = { id: true, filename: true, contentType: true, size: true } as const;

export function documentSelect(actor: Actor) {
  return {
    id: true,
    title: true,
    contactId: true,
    companyId: true,
    createdAt: true,
    updatedAt: true,
    versions: {
      orderBy: { version: "desc" as const },
      select: { version: true, createdAt: true, attachment: { select: fileSelect }, uploadedBy: { select: { id: true, name: true } } },
    },
    // Only links to conversations the actor may see (restricted departments stay hidden).
    links: {
      where: { conversation: visibleConversationWhere(actor) },
      select: { conversation: { select: { id: true, number: true, subject: true } } },
    },
  };
}

type DocumentRow = {
  id: string;
  title: string;
  contactId: string | null;
  companyId: string | null;
  createdAt: Date;
  updatedAt: Date;
  versions: {
    version: number;
    createdAt: Date;
    attachment: { id: string; filename: string; contentType: string; size: number };
    uploadedBy: { id: string; name: string } | null;
  }[];
  links: { conversation: { id: string; number: number; subject: string } }[];
};

export function serializeDocument(d: DocumentRow) {
  const versions = d.versions.map((v) => ({
    version: v.version,
    createdAt: v.createdAt.toISOString(),
    uploadedBy: v.uploadedBy,
    attachment: { ...v.attachment, url: attachmentUrl(v.attachment.id) },
  }));
  return {
    id: d.id,
    title: d.title,
    contactId: d.contactId,
    companyId: d.companyId,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    latest: versions[0] ?? null,
    versions,
    conversations: d.links.map((l) => l.conversation),
  };
}

/** One document with all its versions (newest first) and the conversations it is linked to. */
export async function getDocument(ctx: AppContext, actor: Actor, id: string) {
  const row = await ctx.db.document.findFirst({ where: { id, ...visibleDocumentWhere(actor) }, select: documentSelect(actor) });
  if (!row) throw notFound("Document");
  return serializeDocument(row);
}

/** 404 unless the document exists and the actor may see it (its customer's visibility). */
export async function assertDocumentVisible(ctx: AppContext, actor: Actor, id: string) {
  const row = await ctx.db.document.findFirst({ where: { id, ...visibleDocumentWhere(actor) }, select: { id: true } });
  if (!row) throw notFound("Document");
}
