/**
 * The part of a hit shown in the results, with the matched terms marked as [start, end) ranges of
 * the snippet. Plain text, never HTML: the page renders the ranges as <mark> through React, which
 * escapes everything, and API clients do the same with theirs.
 */
export interface Snippet {
  snippet: string;
  highlights: [number, number][];
}

const BEFORE = 60;
const LENGTH = 220;

/** What search_fold() does in SQL, for display: NFKC and runs of white space as one space. */
const display = (text: string) => text.normalize("NFKC").replace(/\s+/g, " ").trim();

export function makeSnippet(text: string, terms: string[]): Snippet {
  const shown = display(text);
  const lower = shown.toLowerCase();
  // Lower-casing changes the length of a few characters (İ); then show the lower-cased text so offsets hold.
  const base = lower.length === shown.length ? shown : lower;
  const ranges: [number, number][] = [];
  for (const term of terms) {
    const t = display(term).toLowerCase();
    if (!t) continue;
    for (let at = lower.indexOf(t); at !== -1; at = lower.indexOf(t, at + t.length)) ranges.push([at, at + t.length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const first = ranges[0]?.[0] ?? 0;
  const start = Math.max(0, Math.min(first - BEFORE, base.length - LENGTH));
  const end = Math.min(base.length, start + LENGTH);
  const prefix = start > 0 ? "…" : "";
  const highlights: [number, number][] = [];
  for (const [a, b] of ranges) {
    if (a < start || b > end) continue;
    const last = highlights.at(-1);
    const from = a - start + prefix.length;
    const to = b - start + prefix.length;
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else highlights.push([from, to]);
  }
  return { snippet: prefix + base.slice(start, end) + (end < base.length ? "…" : ""), highlights };
}
