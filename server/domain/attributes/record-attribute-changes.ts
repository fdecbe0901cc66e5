import type { AttributeChangeFacts } from "~/common/attribute-change.ts";
import type { AttributeEntity } from "~/common/vocabulary.ts";
import { Prisma } from "~/server/db/generated/client.ts";
import { recordAudit } from "~/server/domain/audit/record-audit.ts";
import { recordEvent } from "~/server/domain/timeline/record-event.ts";
import type { AttributeValue } from "./attribute-values.ts";
import type { Actor } from "~/server/domain/access.ts";

/** Who writes: an agent or a rule (`actor.rule`), the system (null), and whether through an import. */
export interface AttributeWriter {
  actor: Actor | null;
  via?: "import";
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const jsonOrNull = (v: unknown) => (v === null || v === undefined ? Prisma.DbNull : (v as Prisma.InputJsonValue));

/**
 * What a write of attribute values changed, on the record's timeline and in the audit log (issue 14,
 * docs/decisions/026), inside the writer's transaction: a conversation gets an `attribute` event on
 * its timeline; a contact or company an AttributeChange row, which their timelines merge in. The line
 * names the agent, or the rule that acted, and says when an import did it. Returns the conversation
 * events' ids, for the caller to publish after commit.
 */
export async function recordAttributeChanges(
  tx: Prisma.TransactionClient,
  change: {
    entity: AttributeEntity;
    id: string;
    keys: string[];
    before: Record<string, AttributeValue>;
    after: Record<string, AttributeValue>;
  },
  writer: AttributeWriter,
): Promise<string[]> {
  const { entity, id, before, after } = change;
  const keys = change.keys.filter((k) => !same(before[k], after[k]));
  if (keys.length === 0) return [];
  const defs = await tx.attributeDefinition.findMany({
    where: { entity, key: { in: keys } },
    select: { key: true, label: true, labelJa: true },
  });
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const facts: AttributeChangeFacts[] = keys.map((key) => ({
    key,
    label: byKey.get(key)?.label ?? key,
    labelJa: byKey.get(key)?.labelJa ?? null,
    from: before[key] ?? null,
    to: after[key] ?? null,
  }));
  const { actor, via } = writer;
  const rule = actor?.rule;
  // A rule acts as no user: its entries name the rule, and the audit actor stays empty.
  const user = actor && !rule ? { id: actor.id, name: actor.name } : null;

  const eventIds: string[] = [];
  let targetLabel: string | null = null;
  if (entity === "conversation") {
    const c = await tx.conversation.findUniqueOrThrow({
      where: { id },
      select: { number: true, subject: true, contactId: true, inboxId: true, inbox: { select: { kind: true } } },
    });
    const target = { conversationId: id, contactId: c.contactId, inboxId: c.inboxId, channel: c.inbox.kind };
    for (const f of facts) eventIds.push(await recordEvent(tx, target, user, { event: "attribute", ...f }, rule));
    targetLabel = `#${c.number} ${c.subject}`.trim();
  } else {
    await tx.attributeChange.createMany({
      data: facts.map((f) => ({
        entity,
        contactId: entity === "contact" ? id : null,
        companyId: entity === "company" ? id : null,
        key: f.key,
        label: f.label,
        labelJa: f.labelJa,
        before: jsonOrNull(f.from),
        after: jsonOrNull(f.to),
        actorId: user?.id ?? null,
        actorName: user?.name ?? null,
        ruleId: rule?.id ?? null,
        ruleName: rule?.name ?? null,
        via: via ?? null,
      })),
    });
    const record =
      entity === "contact"
        ? await tx.contact.findUnique({ where: { id }, select: { name: true } })
        : await tx.company.findUnique({ where: { id }, select: { name: true } });
    targetLabel = record?.name ?? null;
  }
  await recordAudit(tx, {
    actorId: user?.id ?? null,
    ip: actor?.ip ?? null,
    action: `${entity}.attributes_changed`,
    targetType: entity,
    targetId: id,
    targetLabel,
    before: { attributes: Object.fromEntries(facts.map((f) => [f.key, f.from])) },
    after: {
      attributes: Object.fromEntries(facts.map((f) => [f.key, f.to])),
      ...(rule ? { rule: rule.name } : {}),
      ...(via ? { via } : {}),
    },
  });
  return eventIds;
}
