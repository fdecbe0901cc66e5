import type { ConversationStatus, ConversationSummary } from "~/common/realtime-contract.ts";
import type { InboxView, StatusFilter } from "~/common/vocabulary.ts";

export interface InboxFilter {
  view: InboxView;
  status: StatusFilter;
  departmentId: string | null;
  /** The attribute filter's JSON (the URL's `filter`); checked by the server, never client-side. */
  attributes?: string | null;
}

/** Mirrors the server's list query, so a live update can add or drop a row without a reload. */
export function matchesFilter(c: ConversationSummary, f: InboxFilter, userId: string): boolean {
  if (f.view === "mine" && c.assigneeId !== userId) return false;
  if (f.view === "unassigned" && c.assigneeId !== null) return false;
  if (f.departmentId && c.departmentId !== f.departmentId) return false;
  if (f.status === "active") return c.status === "open" || c.status === "pending";
  return c.status === (f.status as ConversationStatus);
}

export function filterSearch(f: InboxFilter): string {
  const params = new URLSearchParams();
  if (f.status !== "active") params.set("status", f.status);
  if (f.departmentId) params.set("department", f.departmentId);
  if (f.attributes) params.set("filter", f.attributes);
  const s = params.toString();
  return s ? `?${s}` : "";
}

export function byActivity(a: ConversationSummary, b: ConversationSummary) {
  return a.lastActivityAt < b.lastActivityAt ? 1 : a.lastActivityAt > b.lastActivityAt ? -1 : a.id < b.id ? 1 : -1;
}
