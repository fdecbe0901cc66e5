-- The tokeniser of 20261204141000_search_tokeniser_split, unchanged, as plpgsql instead of SQL.
-- A SQL function that cannot be inlined (this one has a WITH and subqueries) is planned again on
-- every call from a single-row statement: the message trigger and the generated lexemes columns of
-- contacts, identities, companies and documents paid that planning on every insert, more than the
-- tokenising itself. plpgsql keeps the statement's plan for the session. Same lexemes, same
-- signature, still IMMUTABLE (the generated columns depend on it).
CREATE OR REPLACE FUNCTION "search_lexemes"(folded text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  RETURN (
    WITH src AS (SELECT left(folded, 100000) AS s),
    runs AS (
      SELECT run FROM src,
        regexp_split_to_table(src.s, '[^\u3005\u3006\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]+') AS run
      WHERE run <> ''
    )
    SELECT array_to_tsvector(array(
      SELECT left(w, 64) FROM src,
        regexp_split_to_table(src.s, '[\s\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e\u00a0-\u00bf\u2000-\u206f\u3000-\u3004\u3007-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af\uff00-\uffef]+') AS w
      WHERE w <> ''
      UNION ALL
      SELECT c FROM runs, regexp_split_to_table(run, '') AS c
      UNION ALL
      SELECT p[1] FROM runs, regexp_matches(run, '..', 'g') AS p
      UNION ALL
      SELECT p[1] FROM runs, regexp_matches(substr(run, 2), '..', 'g') AS p
    ))
  );
END
$$;
