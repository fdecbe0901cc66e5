-- The same lexemes as before (docs/decisions/012-search.md), computed with two regexp splits instead of
-- two regexp_matches passes: a split yields the runs between separators as plain text rows, where
-- regexp_matches builds an array per match, and array_to_tsvector already sorts and drops duplicates,
-- so the DISTINCT aggregate goes too. Words are the runs between white space, punctuation and CJK;
-- CJK runs are the runs between everything else; their characters come from an empty-pattern split,
-- and the pairs of neighbours from the non-overlapping pairs at even and at odd offsets. The first
-- definition took substr(run, i, …) for every i, which is linear in i on multibyte text, so a long run
-- of Japanese cost quadratic time (a 5,500-character run: 1.1 s, against 17 ms now; a 100,000-character
-- Japanese mail did not finish in minutes, now about 0.5 s). Short messages cost about 1.5x less.
-- Identical output (test/search-index.test.ts, and the benchmark checks it on its corpus), so stored
-- lexemes (SearchEntry, the contact columns) stay valid.
CREATE OR REPLACE FUNCTION "search_lexemes"(folded text) RETURNS tsvector LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
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
$$;
