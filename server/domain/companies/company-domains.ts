import freeMailDomains from "email-providers/all.json" with { type: "json" };
import { z } from "zod";
import type { Prisma } from "~/server/db/generated/client.ts";
import { AppError } from "~/server/lib/errors.ts";

// The maintained list of free-mail and ISP domains (email-providers: gmail.com, yahoo.co.jp, docomo.ne.jp,
// ezweb.ne.jp, softbank.ne.jp, …). People at those domains are not colleagues, so none is a company's.
const freeMail = new Set<string>(freeMailDomains);

export function isFreeMailDomain(domain: string): boolean {
  return freeMail.has(domain.toLowerCase());
}

const DOMAIN_RE = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$/;

/** `Example.COM`, `@example.com`, `www.example.com` and `https://example.com/` all mean example.com. */
export const domainsInput = z
  .array(z.string().trim().min(1).max(260))
  .max(50)
  .transform((list, zctx) => {
    const out = new Set<string>();
    for (const raw of list) {
      const domain = raw
        .normalize("NFKC")
        .toLowerCase()
        .replace(/^https?:\/\//, "")
        .replace(/[/?#].*$/, "")
        .replace(/^@|^www\./, "");
      if (!DOMAIN_RE.test(domain)) zctx.addIssue({ code: "custom", message: `"${raw}" is not a domain` });
      else if (isFreeMailDomain(domain)) zctx.addIssue({ code: "custom", message: `${domain} is a free-mail domain and links no company` });
      else out.add(domain);
    }
    return [...out];
  });

/**
 * Makes `domains` the company's domains, refusing one another company has (409), and links the
 * company-less contacts whose email is at a new domain (the trigger does the same for later writes).
 */
export async function setCompanyDomains(tx: Prisma.TransactionClient, companyId: string, domains: string[]) {
  const taken = await tx.companyDomain.findMany({
    where: { domain: { in: domains }, companyId: { not: companyId } },
    select: { domain: true, company: { select: { name: true } } },
  });
  if (taken.length) {
    throw new AppError("conflict", taken.map((d) => `${d.domain} already belongs to ${d.company.name}`).join("; "));
  }
  await tx.companyDomain.deleteMany({ where: { companyId, domain: { notIn: domains } } });
  await tx.companyDomain.createMany({ data: domains.map((domain) => ({ domain, companyId })), skipDuplicates: true });
  if (domains.length === 0) return;
  await tx.$executeRaw`
    UPDATE "Contact" c SET "companyId" = ${companyId}
    WHERE c."companyId" IS NULL AND c."mergedIntoId" IS NULL AND EXISTS (
      SELECT 1 FROM "ContactIdentity" i
      WHERE i."contactId" = c."id" AND i.kind = 'email' AND split_part(i.address, '@', 2) = ANY(${domains}::text[])
    )`;
}
