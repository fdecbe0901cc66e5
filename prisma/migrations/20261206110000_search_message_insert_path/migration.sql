-- A new message's search entry comes straight from the inserted row (issue 11, ingest cost): the
-- trigger no longer reads the message back by id, nor its attachments, which cannot exist yet (an
-- attachment references its message and is indexed by its own trigger when it joins one). Updates
-- (text, kind, deletedAt, conversationId, createdAt) still rebuild the entry from the stored row.
CREATE OR REPLACE FUNCTION "search_message_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  doc text;
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW."kind" = 'event' OR NEW."deletedAt" IS NOT NULL THEN RETURN NULL; END IF;
    doc := "search_fold"(NEW."text");
    IF doc IS NULL OR btrim(doc) = '' THEN RETURN NULL; END IF;
    INSERT INTO "SearchEntry" ("id", "messageId", "conversationId", "kind", "createdAt", "body", "lexemes")
    VALUES (NEW."id", NEW."id", NEW."conversationId", NEW."kind"::text, NEW."createdAt", doc, "search_lexemes"(doc))
    ON CONFLICT ("id") DO UPDATE SET "conversationId" = EXCLUDED."conversationId", "kind" = EXCLUDED."kind",
      "createdAt" = EXCLUDED."createdAt", "body" = EXCLUDED."body", "lexemes" = EXCLUDED."lexemes";
    RETURN NULL;
  END IF;
  PERFORM "search_index_message"(NEW."id");
  RETURN NULL;
END
$$;
