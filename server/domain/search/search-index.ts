import type { SearchHitKind, SearchSort } from "~/common/vocabulary.ts";
import type { Actor } from "~/server/domain/access.ts";
import type { Prisma } from "~/server/db/generated/client.ts";

/**
 * The seam between the search flow and where the index lives (issue 11, docs/decisions/012-search.md).
 * Today: the database's own SearchEntry table (postgres-search-index.ts), kept by triggers. A very
 * large deployment can add another backend (OpenSearch) behind this interface; the flow, the REST
 * route and the page do not change.
 */
export interface SearchIndex {
  /**
   * One page of conversations with hits, each with its best (or newest) hit. Without include terms
   * (filters only), the visible conversations matching the filters, newest first, each with its
   * latest customer message.
   */
  search(query: IndexQuery): Promise<{ hits: IndexHit[]; more: boolean }>;
  /**
   * Contacts whose name, email or company name contains the text (word prefixes, Japanese substrings,
   * as for messages), or who have the phone number: the newest `limit` ids, before visibility.
   */
  contacts(query: { text: string; phone: string | null; limit: number }): Promise<string[]>;
  /**
   * Library documents (customers' and companies' shared files) whose title or a version's file name
   * matches the terms, only those the actor may see (a customer's documents as the customer:
   * visibleContactWhere); optionally only one customer's or company's: the newest `limit` ids.
   */
  documents(query: DocumentQuery): Promise<string[]>;
}

export interface DocumentQuery {
  actor: Actor;
  include: string[];
  exclude: string[];
  contactId?: string;
  /** The company's own documents and those of its contacts. */
  companyId?: string;
  limit: number;
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
  /** The attribute filter compiled to SQL on the conversation alias `c` (compile-conversation-filter.ts). */
  attributes?: Prisma.Sql;
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
