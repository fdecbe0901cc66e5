/**
 * The query language of the search box (issue 11): words must all match (a word matches as a
 * prefix: `invo` finds "invoice"), `"exact phrase"`, `-word` / `-"phrase"` excludes. Japanese needs
 * no spaces: a run like `返金手続き` is one term matched as a substring. Full-width forms are folded
 * first (NFKC), so `ＳＳＯ`, a full-width space and full-width quotes work as typed.
 */
export interface ParsedSearchQuery {
  /** Terms every hit contains. */
  include: string[];
  /** Terms no hit contains. */
  exclude: string[];
  /** `123` or `#123`: a conversation number. */
  ticketNumber: number | null;
}

const TERM = /(-?)"([^"]*)"?|(-?)(\S+)/g;
/** A term must hold a letter or digit to be searchable (`-` or `"` alone are not). */
const SEARCHABLE = /[\p{L}\p{N}]/u;
export const MAX_QUERY_LENGTH = 200;
const MAX_TERMS = 12;

export function parseSearchQuery(raw: string): ParsedSearchQuery {
  const q = raw.normalize("NFKC").slice(0, MAX_QUERY_LENGTH).trim();
  const include: string[] = [];
  const exclude: string[] = [];
  for (const m of q.matchAll(TERM)) {
    const negated = (m[1] ?? m[3]) === "-";
    const term = (m[2] ?? m[4] ?? "").trim();
    if (!SEARCHABLE.test(term)) continue;
    const list = negated ? exclude : include;
    if (include.length + exclude.length < MAX_TERMS && !list.includes(term)) list.push(term);
  }
  const ticket = /^#?(\d{1,9})$/.exec(q);
  return { include, exclude, ticketNumber: ticket ? Number(ticket[1]) : null };
}
