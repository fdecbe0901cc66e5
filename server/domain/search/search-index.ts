import type { SearchHitKind, SearchSort } from "~/common/vocabulary.ts";
import type { Actor } from "~/server/domain/access.ts";

/**
 * The seam between the search flow and where the index lives (issue 11, docs/decisions/012-search.md).
 * Today: the database's own SearchEntry table (postgres-search-index.ts), kept by triggers. A very
 * large deployment can add another backend (OpenSearch) behind this interface; the flow, the REST
 * route and the page do not change.
 */
export interface SearchIndex {
  /** One page of conversations with hits, each with its best (or newest) hit. */
  search(query: IndexQuery): Promise<{ hits: IndexHit[]; more: boolean }>;
}

export interface IndexQuery {
  actor: Actor;
  /** Terms every hit contains / no hit contains (parse-search-query.ts). */
  include: string[];
  exclude: string[];
  filters: SearchFilters;
  sort: SearchSort;
  offset: number;
  limit: number;
}

export interface SearchFilters {
  channel?: string;
  status?: string;
  departmentId?: string;
  assigneeId?: string;
  tag?: string;
  contactId?: string;
  companyId?: string;
  from?: Date;
  to?: Date;
}

export interface IndexHit {
  conversationId: string;
  /** Null for a subject hit. */
  messageId: string | null;
  kind: SearchHitKind;
  createdAt: Date;
  /** Hits in this conversation (all visible to the actor, since the conversation is). */
  hitCount: number;
}
