-- Newest-first search (docs/decisions/012-search.md): the entries in date order, so a query for a
-- common term can walk them newest first and stop after a page instead of collecting every hit.
CREATE INDEX "SearchEntry_createdAt_id_idx" ON "SearchEntry"("createdAt" DESC, "id" DESC);
