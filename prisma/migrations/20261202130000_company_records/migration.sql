-- Companies get many domains, notes and attribute values (issue 14); the old single "domain"
-- moves into "CompanyDomain" before the column goes.
ALTER TABLE "Company" ADD COLUMN "notes" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "attributes" JSONB NOT NULL DEFAULT '{}';

CREATE TABLE "CompanyDomain" (
    "domain" TEXT NOT NULL,
    "companyId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CompanyDomain_pkey" PRIMARY KEY ("domain")
);

CREATE INDEX "CompanyDomain_companyId_idx" ON "CompanyDomain"("companyId");
CREATE INDEX "Company_name_idx" ON "Company"("name");
ALTER TABLE "CompanyDomain" ADD CONSTRAINT "CompanyDomain_companyId_fkey" FOREIGN KEY ("companyId") REFERENCES "Company"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "CompanyDomain" ("domain", "companyId") SELECT lower("domain"), "id" FROM "Company" WHERE "domain" IS NOT NULL;
DROP INDEX "Company_domain_key";
ALTER TABLE "Company" DROP COLUMN "domain";

-- A contact without a company joins the company of its email's domain whenever an email identity
-- is written or moves to it, on every path (ingest, aliases, agents, imports, merges). Free-mail
-- domains never reach "CompanyDomain" (the company flows refuse them), so they link no one.
CREATE FUNCTION "contact_company_from_email"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Contact" c SET "companyId" = d."companyId"
  FROM "CompanyDomain" d
  WHERE c."id" = NEW."contactId" AND c."companyId" IS NULL AND d."domain" = split_part(NEW."address", '@', 2);
  RETURN NULL;
END
$$;
CREATE TRIGGER "ContactIdentity_company" AFTER INSERT OR UPDATE OF "contactId" ON "ContactIdentity"
  FOR EACH ROW WHEN (NEW."kind" = 'email') EXECUTE FUNCTION "contact_company_from_email"();
