import yazl from "yazl";
import type { AppContext } from "~/server/context.ts";
import { type Actor, requireRole } from "~/server/domain/access.ts";
import { notFound } from "~/server/lib/errors.ts";
import { by, recordAudit } from "~/server/domain/audit/record-audit.ts";

const PAGE = 500;

/**
 * Everything held about one contact, as a ZIP (issue 15, a data subject's access request under APPI
 * and the GDPR): `contact.json` (the contact, company, identities, contacts merged into it, channel
 * links), `conversations/<number>.json` (each conversation with every message, note and event, the
 * HTML of large bodies from the file store, attachment metadata), `documents.json` and the files under
 * `files/`. Conversations are read a page at a time and files streamed, so a long history is never
 * held in memory at once. The caller pipes `zip.outputStream` to the response.
 */
export async function exportContact(ctx: AppContext, actor: Actor, contactId: string) {
  requireRole(actor, "admin");
  const contact = await ctx.db.contact.findUnique({
    where: { id: contactId },
    select: {
      id: true,
      name: true,
      createdAt: true,
      updatedAt: true,
      erasedAt: true,
      mergedIntoId: true,
      attributes: true,
      company: { select: { id: true, name: true, domains: { select: { domain: true } } } },
      identities: {
        select: { kind: true, address: true, displayName: true, optedOutAt: true, createdAt: true },
        orderBy: { createdAt: "asc" },
      },
      mergedFrom: { select: { id: true, name: true, createdAt: true } },
      channelLinks: { select: { inboxId: true, externalId: true, createdAt: true } },
    },
  });
  if (!contact) throw notFound("Contact");
  const contactIds = [contact.id, ...contact.mergedFrom.map((c) => c.id)];
  const zip = new yazl.ZipFile();
  const files = new Set<string>();
  const addFile = (f: { id: string; filename: string; sha256: string }) => {
    const name = `files/${f.id}-${f.filename.replace(/[/\\]/g, "_")}`;
    if (!files.has(name)) {
      files.add(name);
      zip.addReadStream(ctx.storage.stream(f.sha256), name);
    }
    return name;
  };
  zip.addBuffer(json({ exportedAt: new Date().toISOString(), contact }), "contact.json");

  const fileSelect = { id: true, filename: true, contentType: true, size: true, sha256: true, createdAt: true } as const;
  let cursor: string | undefined;
  let conversations = 0;
  for (;;) {
    const page = await ctx.db.conversation.findMany({
      where: { contactId: { in: contactIds } },
      orderBy: { id: "asc" },
      take: 50,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: {
        id: true,
        number: true,
        subject: true,
        status: true,
        priority: true,
        tags: true,
        createdAt: true,
        lastActivityAt: true,
        inbox: { select: { kind: true, name: true } },
        department: { select: { name: true } },
      },
    });
    if (page.length === 0) break;
    cursor = page[page.length - 1]!.id;
    for (const c of page) {
      const messages = [];
      for (let skip = 0; ; skip += PAGE) {
        const rows = await ctx.db.message.findMany({
          where: { conversationId: c.id },
          orderBy: [{ createdAt: "asc" }, { id: "asc" }],
          skip,
          take: PAGE,
          select: {
            id: true,
            direction: true,
            kind: true,
            channel: true,
            text: true,
            html: true,
            htmlSha256: true,
            meta: true,
            deliveryStatus: true,
            createdAt: true,
            editedAt: true,
            deletedAt: true,
            authorUser: { select: { name: true } },
            authorContactId: true,
            attachments: { select: fileSelect },
          },
        });
        for (const { htmlSha256, attachments, ...m } of rows) {
          const html = htmlSha256 ? (await ctx.storage.read(htmlSha256)).toString("utf8") : m.html;
          messages.push({ ...m, html, attachments: attachments.map(({ sha256, ...a }) => ({ ...a, file: addFile({ ...a, sha256 }) })) });
        }
        if (rows.length < PAGE) break;
      }
      zip.addBuffer(json({ ...c, messages }), `conversations/${c.number}.json`);
      conversations++;
    }
  }

  const documents = await ctx.db.document.findMany({
    where: { contactId: { in: contactIds } },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      title: true,
      createdAt: true,
      versions: { orderBy: { version: "asc" }, select: { version: true, createdAt: true, attachment: { select: fileSelect } } },
    },
  });
  zip.addBuffer(
    json(
      documents.map((d) => ({
        ...d,
        versions: d.versions.map(({ attachment: { sha256, ...a }, ...v }) => ({ ...v, ...a, file: addFile({ ...a, sha256 }) })),
      })),
    ),
    "documents.json",
  );
  zip.end();
  // Who took a copy of this person's data, and how much (issue 15).
  await recordAudit(ctx.db, {
    ...by(actor),
    action: "contact.exported",
    targetType: "contact",
    targetId: contact.id,
    targetLabel: contact.name,
    after: { conversations, files: files.size },
  });
  return { zip, filename: `contact-${contact.id}.zip`, conversations, files: files.size };
}

const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 2)}\n`);
