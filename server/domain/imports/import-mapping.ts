import { z } from "zod";
import type { ImportEntity } from "~/common/vocabulary.ts";
import type { AppContext } from "~/server/context.ts";
import type { Actor } from "~/server/domain/access.ts";
import type { AttributeRule } from "~/server/domain/attributes/attribute-values.ts";
import { visibleAttributeWhere } from "~/server/domain/attributes/validate-attribute-values.ts";
import { badRequest } from "~/server/lib/errors.ts";

/** Column header → target field; "" (or a header left out) ignores the column. */
export const importMapping = z.record(z.string().max(200), z.string().max(200));
export type ImportMapping = z.infer<typeof importMapping>;

/** The fields a column can fill, besides `attributes.<key>` of the entity's custom attributes. */
export const IMPORT_FIELDS = {
  contact: ["id", "name", "reading", "email", "phone", "company"],
  company: ["id", "name", "domains", "notes"],
} as const satisfies Record<ImportEntity, readonly string[]>;

// Headers as people write them in English and Japanese (Excel exports, CRM exports), compared folded
// (NFKC, lower case, no spaces, dashes or underscores).
const SYNONYMS: Record<ImportEntity, Record<string, string[]>> = {
  contact: {
    id: ["id", "contactid", "顧客id"],
    name: [
      "name",
      "fullname",
      "contactname",
      "customer",
      "customername",
      "名前",
      "氏名",
      "お名前",
      "顧客名",
      "担当者名",
      "担当者",
      "名前(漢字)",
    ],
    reading: [
      "reading",
      "furigana",
      "kana",
      "namekana",
      "フリガナ",
      "ふりがな",
      "よみがな",
      "ヨミガナ",
      "読み",
      "カナ",
      "氏名(カナ)",
      "名前(カナ)",
    ],
    email: ["email", "emailaddress", "mail", "mailaddress", "メール", "メールアドレス", "eメール", "eメールアドレス", "電子メール"],
    phone: ["phone", "phonenumber", "tel", "telephone", "mobile", "cell", "電話", "電話番号", "携帯", "携帯電話", "携帯番号", "tel番号"],
    company: ["company", "companyname", "organization", "organisation", "account", "会社", "会社名", "企業名", "勤務先", "所属", "社名"],
  },
  company: {
    id: ["id", "companyid", "会社id"],
    name: ["name", "company", "companyname", "organization", "organisation", "会社", "会社名", "企業名", "社名", "名前"],
    domains: ["domain", "domains", "website", "web", "url", "ドメイン", "ウェブサイト", "ホームページ"],
    notes: ["notes", "note", "memo", "comment", "メモ", "備考", "ノート"],
  },
};

const fold = (header: string) =>
  header
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_\-・]/gu, "");

/** Definitions of the entity's attributes the actor may set (the same rule validateAttributeValues applies). */
export async function importAttributeRules(ctx: Pick<AppContext, "db">, actor: Actor, entity: ImportEntity) {
  return ctx.db.attributeDefinition.findMany({
    where: { AND: [{ entity }, visibleAttributeWhere(actor)] },
    select: { key: true, label: true, labelJa: true, type: true, options: true },
    orderBy: { key: "asc" },
  });
}

/** Every target of the entity, fixed fields first. */
export function importTargets(entity: ImportEntity, rules: { key: string }[]): string[] {
  return [...IMPORT_FIELDS[entity], ...rules.map((r) => `attributes.${r.key}`)];
}

/** A mapping from the headers alone: known synonyms, then attribute keys and labels; each target once. */
export function suggestMapping(entity: ImportEntity, headers: string[], rules: (AttributeRule & { labelJa: string | null })[]) {
  const candidates = new Map<string, string>();
  for (const [target, words] of Object.entries(SYNONYMS[entity])) for (const w of words) candidates.set(fold(w), target);
  for (const r of rules) for (const w of [r.key, r.label, r.labelJa ?? ""]) if (w) candidates.set(fold(w), `attributes.${r.key}`);
  const used = new Set<string>();
  const mapping: ImportMapping = {};
  for (const header of headers) {
    const target = candidates.get(fold(header));
    mapping[header] = target && !used.has(target) ? target : "";
    if (target) used.add(target);
  }
  return mapping;
}

/** Checks a mapping against the file's headers and the targets; returns target → column index. */
export function resolveMapping(entity: ImportEntity, headers: string[], mapping: ImportMapping, targets: string[]) {
  const columns = new Map<string, number>();
  const problems: string[] = [];
  for (const [header, target] of Object.entries(mapping)) {
    if (!target) continue;
    const index = headers.indexOf(header);
    if (index === -1) problems.push(`mapping: the file has no column "${header}"`);
    else if (!targets.includes(target)) problems.push(`mapping: "${target}" is not a field of a ${entity}`);
    else if (columns.has(target)) problems.push(`mapping: two columns fill ${target}`);
    else columns.set(target, index);
  }
  const keys = entity === "contact" ? ["id", "email", "phone"] : ["id", "name", "domains"];
  if (!keys.some((k) => columns.has(k)))
    problems.push(`mapping: map a column to at least one of ${keys.join(", ")}, so rows can be matched`);
  if (problems.length) throw badRequest(problems.join("; "));
  return columns;
}
