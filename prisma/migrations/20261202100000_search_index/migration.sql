-- Full-text search over every message, note, attachment file name and subject (issue 11,
-- docs/decisions/012-search.md). Same SQL on PostgreSQL 15 and PGlite; no extension, and nothing
-- that depends on lc_ctype: characters are classified by explicit code point ranges.

-- What is indexed and what hits are verified against: NFKC (ＳＳＯ = SSO, ｶﾞｲﾄﾞ = ガイド), lower case,
-- runs of white space as one space (so a phrase matches across a line break).
CREATE FUNCTION "search_fold"(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(lower(normalize(coalesce(t, ''), NFKC)), '\s+', ' ', 'g')
$$;

-- Lexemes of folded text: words (runs of anything but white space, ASCII and general punctuation
-- and CJK), cut to 64 characters; and for runs of CJK (kana, kanji, hangul) every character and every
-- pair of neighbours, so that any substring of one or more characters has all its grams in the
-- document. Only the first 100,000 characters are tokenised (the decision note gives the limits).
CREATE FUNCTION "search_lexemes"(folded text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH src AS (SELECT left(folded, 100000) AS s),
  words AS (
    SELECT left(m[1], 64) AS tok FROM src,
      regexp_matches(src.s, '[^\s\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e\u00a0-\u00bf\u2000-\u206f\u3000-\u3004\u3007-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff00-\uffef]+', 'g') AS m
  ),
  runs AS (
    SELECT m[1] AS run FROM src,
      regexp_matches(src.s, '[\u3005\u3006\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+', 'g') AS m
  ),
  grams AS (
    SELECT substr(run, i, 1) AS tok FROM runs, generate_series(1, length(run)) AS i
    UNION ALL
    SELECT substr(run, i, 2) FROM runs, generate_series(1, length(run) - 1) AS i
  )
  SELECT array_to_tsvector(coalesce(
    (SELECT array_agg(DISTINCT tok) FROM (SELECT tok FROM words UNION ALL SELECT tok FROM grams) t WHERE tok <> ''),
    '{}'))
$$;

-- The index query for one search term: all its lexemes, words as prefixes (`invo` finds invoice).
-- A CJK term of two or more characters needs only its pairs; a one-character term its character.
CREATE FUNCTION "search_query"(term text) RETURNS tsquery LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  WITH lx AS (SELECT unnest(tsvector_to_array("search_lexemes"("search_fold"(term)))) AS l),
  cjk AS (SELECT l, l ~ '^[\u3005\u3006\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+$' AS gram FROM lx),
  pairs AS (SELECT EXISTS (SELECT 1 FROM cjk WHERE gram AND length(l) = 2) AS any)
  SELECT coalesce(string_agg(quote_literal(l) || CASE WHEN gram THEN '' ELSE ':*' END, ' & '), '')::tsquery
  FROM cjk, pairs WHERE NOT gram OR length(l) = 2 OR NOT pairs.any
$$;

-- LIKE pattern for the exact check of a term against SearchEntry.body.
CREATE FUNCTION "search_like"(term text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT '%' || replace(replace(replace(trim("search_fold"(term)), '\', '\\'), '%', '\%'), '_', '\_') || '%'
$$;

CREATE TABLE "SearchEntry" (
    "id" TEXT NOT NULL,
    "messageId" TEXT,
    "conversationId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "body" TEXT NOT NULL,
    "lexemes" tsvector NOT NULL,
    CONSTRAINT "SearchEntry_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "SearchEntry_messageId_key" ON "SearchEntry"("messageId");
CREATE INDEX "SearchEntry_lexemes_idx" ON "SearchEntry" USING GIN ("lexemes");
CREATE INDEX "SearchEntry_conversationId_idx" ON "SearchEntry"("conversationId");
ALTER TABLE "SearchEntry" ADD CONSTRAINT "SearchEntry_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SearchEntry" ADD CONSTRAINT "SearchEntry_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A message's document: its text (email text is stored without the quoted history, which lives in
-- meta.quoted) and its attachments' file names. Timeline events, deleted messages (Slack deletes) and
-- messages with nothing left (erasure blanks the text) have no entry.
CREATE FUNCTION "search_index_message"(mid text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  doc text;
  m record;
BEGIN
  SELECT "id", "conversationId", "kind", "text", "deletedAt", "createdAt" INTO m FROM "Message" WHERE "id" = mid;
  IF m."id" IS NOT NULL AND m."kind" <> 'event' AND m."deletedAt" IS NULL THEN
    doc := "search_fold"(concat_ws(' ', m."text",
      (SELECT string_agg(a."filename", ' ' ORDER BY a."createdAt", a."id") FROM "Attachment" a WHERE a."messageId" = mid)));
  END IF;
  IF doc IS NULL OR btrim(doc) = '' THEN
    DELETE FROM "SearchEntry" WHERE "id" = mid;
    RETURN;
  END IF;
  INSERT INTO "SearchEntry" ("id", "messageId", "conversationId", "kind", "createdAt", "body", "lexemes")
  VALUES (mid, mid, m."conversationId", m."kind"::text, m."createdAt", doc, "search_lexemes"(doc))
  ON CONFLICT ("id") DO UPDATE SET "conversationId" = EXCLUDED."conversationId", "kind" = EXCLUDED."kind",
    "createdAt" = EXCLUDED."createdAt", "body" = EXCLUDED."body", "lexemes" = EXCLUDED."lexemes";
END
$$;

CREATE FUNCTION "search_message_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "search_index_message"(NEW."id");
  RETURN NULL;
END
$$;
CREATE TRIGGER "Message_search" AFTER INSERT OR UPDATE OF "text", "kind", "deletedAt", "conversationId", "createdAt" ON "Message"
  FOR EACH ROW EXECUTE FUNCTION "search_message_changed"();

CREATE FUNCTION "search_attachment_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- The message it left (or whose file was renamed or deleted), then the message it joined.
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD."messageId" IS NOT NULL THEN PERFORM "search_index_message"(OLD."messageId"); END IF;
  IF TG_OP = 'INSERT' AND NEW."messageId" IS NOT NULL THEN PERFORM "search_index_message"(NEW."messageId"); END IF;
  IF TG_OP = 'UPDATE' AND NEW."messageId" IS DISTINCT FROM OLD."messageId" AND NEW."messageId" IS NOT NULL THEN
    PERFORM "search_index_message"(NEW."messageId");
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER "Attachment_search_insert" AFTER INSERT ON "Attachment"
  FOR EACH ROW EXECUTE FUNCTION "search_attachment_changed"();
CREATE TRIGGER "Attachment_search_change" AFTER UPDATE OF "filename", "messageId" OR DELETE ON "Attachment"
  FOR EACH ROW EXECUTE FUNCTION "search_attachment_changed"();

-- A conversation's subject is an entry of its own (id `s:<conversation>`), dated at the conversation.
CREATE FUNCTION "search_subject_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  doc text := "search_fold"(NEW."subject");
BEGIN
  IF btrim(doc) = '' THEN
    DELETE FROM "SearchEntry" WHERE "id" = 's:' || NEW."id";
    RETURN NULL;
  END IF;
  INSERT INTO "SearchEntry" ("id", "messageId", "conversationId", "kind", "createdAt", "body", "lexemes")
  VALUES ('s:' || NEW."id", NULL, NEW."id", 'subject', NEW."createdAt", doc, "search_lexemes"(doc))
  ON CONFLICT ("id") DO UPDATE SET "body" = EXCLUDED."body", "lexemes" = EXCLUDED."lexemes";
  RETURN NULL;
END
$$;
CREATE TRIGGER "Conversation_search" AFTER INSERT OR UPDATE OF "subject" ON "Conversation"
  FOR EACH ROW EXECUTE FUNCTION "search_subject_changed"();

-- Backfill, set-based (one statement per kind rather than a trigger call per row).
INSERT INTO "SearchEntry" ("id", "messageId", "conversationId", "kind", "createdAt", "body", "lexemes")
SELECT d."id", d."id", d."conversationId", d."kind", d."createdAt", d."doc", "search_lexemes"(d."doc")
FROM (
  SELECT m."id", m."conversationId", m."kind"::text AS "kind", m."createdAt",
    "search_fold"(concat_ws(' ', m."text", (SELECT string_agg(a."filename", ' ' ORDER BY a."createdAt", a."id") FROM "Attachment" a WHERE a."messageId" = m."id"))) AS "doc"
  FROM "Message" m WHERE m."kind" <> 'event' AND m."deletedAt" IS NULL
) d WHERE btrim(d."doc") <> '';
INSERT INTO "SearchEntry" ("id", "messageId", "conversationId", "kind", "createdAt", "body", "lexemes")
SELECT 's:' || c."id", NULL, c."id", 'subject', c."createdAt", "search_fold"(c."subject"), "search_lexemes"("search_fold"(c."subject"))
FROM "Conversation" c WHERE btrim("search_fold"(c."subject")) <> '';
