-- Library documents are found by their names (issue 11: "every message, note, file name and subject";
-- docs/decisions/012-search.md). A document's searchBody is search_fold() of its title and every
-- version's file name, its searchLexemes the same lexemes as SearchEntry (words as prefixes, every
-- CJK character and pair). Triggers keep both in the same transaction as the write: a new document or
-- title, a version added or removed (erasure deletes versions), a version's file renamed. Deleting
-- the document (or erasing its customer) deletes the row and so its index entry.
ALTER TABLE "Document" ADD COLUMN     "searchBody" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "searchLexemes" tsvector;

CREATE INDEX "Document_searchLexemes_idx" ON "Document" USING GIN ("searchLexemes");

CREATE FUNCTION "search_index_document"(did text) RETURNS void LANGUAGE sql AS $$
  UPDATE "Document" d SET "searchBody" = s."doc", "searchLexemes" = "search_lexemes"(s."doc")
  FROM (
    SELECT d2."id", "search_fold"(concat_ws(' ', d2."title",
      (SELECT string_agg(f."filename", ' ' ORDER BY f."first")
       FROM (SELECT a."filename", min(v."version") AS "first"
             FROM "DocumentVersion" v JOIN "Attachment" a ON a."id" = v."attachmentId"
             WHERE v."documentId" = d2."id" GROUP BY a."filename") f))) AS "doc"
    FROM "Document" d2 WHERE d2."id" = did
  ) s
  WHERE d."id" = s."id"
$$;

-- The UPDATE above sets only the search columns, so it does not fire this trigger again.
CREATE FUNCTION "search_document_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "search_index_document"(NEW."id");
  RETURN NULL;
END
$$;
CREATE TRIGGER "Document_search" AFTER INSERT OR UPDATE OF "title" ON "Document"
  FOR EACH ROW EXECUTE FUNCTION "search_document_changed"();

CREATE FUNCTION "search_document_version_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM "search_index_document"(OLD."documentId"); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM "search_index_document"(NEW."documentId"); END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "DocumentVersion_search" AFTER INSERT OR DELETE OR UPDATE OF "documentId", "attachmentId" ON "DocumentVersion"
  FOR EACH ROW EXECUTE FUNCTION "search_document_version_changed"();

CREATE FUNCTION "search_document_file_renamed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."filename" IS DISTINCT FROM OLD."filename" THEN
    PERFORM "search_index_document"(v."documentId") FROM "DocumentVersion" v WHERE v."attachmentId" = NEW."id";
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "Attachment_document_search" AFTER UPDATE OF "filename" ON "Attachment"
  FOR EACH ROW EXECUTE FUNCTION "search_document_file_renamed"();

-- Backfill: libraries hold few documents next to messages, one call per document is enough.
SELECT "search_index_document"("id") FROM "Document";
