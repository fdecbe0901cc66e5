/** One choice of a picker that opens inside the composer (@mentions, /canned responses). */
export interface InlineOption<T> {
  key: string;
  label: string;
  detail?: string | null;
  /** Show an avatar coloured by this id. */
  avatarId?: string;
  team?: boolean;
  value: T;
}

/** The "@query" or "/query" being typed right before the caret (at a line or word start), or null. */
export function triggerQuery(text: string, caret: number, sigil: "@" | "/"): { query: string; start: number } | null {
  const pattern = sigil === "@" ? /(^|\s)@([^\s@()[\]]{0,30})$/ : /(^|\s)\/([\p{L}\p{N}_-]{0,30})$/u;
  const match = pattern.exec(text.slice(0, caret));
  if (!match) return null;
  return { query: match[2]!, start: caret - match[2]!.length - 1 };
}
