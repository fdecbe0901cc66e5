/**
 * Mention syntax of notes (the composer turns a picked "@Maya Chen" into it before sending):
 *   @[Maya Chen](user:<id>)   @[Support](department:<id>)
 * Stored notes keep plain text ("@Maya Chen") plus the resolved mentions in message.meta.mentions,
 * so every surface (Slack, exports, search) reads naturally and the UI can still highlight them.
 */
export type MentionType = "user" | "department";

export interface MentionToken {
  type: MentionType;
  id: string;
  label: string;
  /** Position of the markup in the raw text. */
  start: number;
  end: number;
}

export interface StoredMention {
  type: MentionType;
  id: string;
  name: string;
  /** Where "@name" sits in the stored plain text (UTF-16 offsets, like JavaScript strings). */
  offset: number;
  length: number;
}

const MARKUP = /@\[([^\]\n]{1,120})\]\((user|department):([A-Za-z0-9_-]{1,64})\)/g;

export function findMentionTokens(text: string): MentionToken[] {
  return [...text.matchAll(MARKUP)].map((m) => ({
    type: m[2] as MentionType,
    id: m[3]!,
    label: m[1]!.trim(),
    start: m.index!,
    end: m.index! + m[0].length,
  }));
}

/**
 * Replaces markup with "@name". `resolve` returns the current name of a known user or department
 * (so a forged label cannot impersonate someone) or null, which leaves "@label" as plain text.
 */
export function renderMentions(
  text: string,
  resolve: (type: MentionType, id: string) => string | null,
): { text: string; mentions: StoredMention[] } {
  let out = "";
  let cursor = 0;
  const mentions: StoredMention[] = [];
  for (const token of findMentionTokens(text)) {
    out += text.slice(cursor, token.start);
    const name = resolve(token.type, token.id);
    if (name) {
      mentions.push({ type: token.type, id: token.id, name, offset: out.length, length: name.length + 1 });
      out += `@${name}`;
    } else {
      out += `@${token.label}`;
    }
    cursor = token.end;
  }
  out += text.slice(cursor);
  return { text: out, mentions };
}

/** The markup for one mention, as the UI's autocomplete should insert it. */
export const mentionMarkup = (type: MentionType, id: string, name: string) => `@[${name.replace(/[\]\n]/g, " ")}](${type}:${id})`;
