-- Contacts in global search through an index, not a scan (issue 11, docs/decisions/012-search.md):
-- the same lexemes as SearchEntry (words as prefixes, every CJK character and pair) of a contact's
-- name, each identity's address and the company name, as generated columns. STORED computes them
-- for every existing row here (the backfill) and on every write after, in the same statement.
ALTER TABLE "Contact" ADD COLUMN "searchLexemes" tsvector GENERATED ALWAYS AS ("search_lexemes"("search_fold"("name"))) STORED;
ALTER TABLE "ContactIdentity" ADD COLUMN "searchLexemes" tsvector GENERATED ALWAYS AS ("search_lexemes"("search_fold"("address"))) STORED;
ALTER TABLE "Company" ADD COLUMN "searchLexemes" tsvector GENERATED ALWAYS AS ("search_lexemes"("search_fold"("name"))) STORED;

CREATE INDEX "Contact_searchLexemes_idx" ON "Contact" USING GIN ("searchLexemes");
CREATE INDEX "ContactIdentity_searchLexemes_idx" ON "ContactIdentity" USING GIN ("searchLexemes");
CREATE INDEX "Company_searchLexemes_idx" ON "Company" USING GIN ("searchLexemes");
