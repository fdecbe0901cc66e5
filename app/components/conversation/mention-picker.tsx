import { useMemo } from "react";
import { findMentionTokens, mentionMarkup } from "~/common/mentions.ts";
import { useWorkspace } from "~/app/lib/workspace.ts";
import type { InlineOption } from "./inline-trigger.ts";

export interface MentionOption {
  type: "user" | "department";
  id: string;
  name: string;
}

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[\s·・]+/)
    .filter(Boolean);

/** What one person or team is found by: every word of the name and of its reading, the email and its local part. */
export function searchTerms(name: string, email?: string, reading?: string | null): string[] {
  const mail = email?.toLowerCase();
  return [
    name.toLowerCase(),
    ...words(name),
    ...(reading ? [reading.toLowerCase(), ...words(reading)] : []),
    ...(mail ? [mail, ...mail.split("@")[0]!.split(/[._-]/)] : []),
  ];
}

/** People and teams whose name, any word of it, or email starts with the query (issue 10: "@ken" finds 佐藤 健二 kenji@…). */
export function useMentionOptions(query: string | null): InlineOption<MentionOption>[] {
  const { directory } = useWorkspace();
  const index = useMemo(
    () => [
      ...directory.users.map((u) => ({
        value: { type: "user" as const, id: u.id, name: u.name },
        terms: searchTerms(u.name, u.email, u.reading),
        detail: u.email,
      })),
      ...directory.departments.map((d) => ({
        value: { type: "department" as const, id: d.id, name: d.name },
        terms: searchTerms(d.name),
        detail: null,
      })),
    ],
    [directory],
  );
  return useMemo(() => {
    if (query === null) return [];
    const q = query.toLowerCase();
    return index
      .filter((o) => o.terms.some((term) => term.startsWith(q)))
      .slice(0, 6)
      .map((o) => ({
        key: `${o.value.type}:${o.value.id}`,
        label: o.value.name,
        detail: o.detail,
        avatarId: o.value.id,
        team: o.value.type === "department",
        value: o.value,
      }));
  }, [query, index]);
}

/** A picked mention as the textarea shows it: plain "@Maya Chen", turned into markup when sent or saved. */
export type PickedMentions = Map<string, string>;

/** Markup → the plain text the agent sees, remembering which "@name" stands for which mention. */
export function mentionsToPlain(text: string, picked: PickedMentions): string {
  let out = "";
  let cursor = 0;
  for (const token of findMentionTokens(text)) {
    out += `${text.slice(cursor, token.start)}@${token.label}`;
    picked.set(`@${token.label}`, text.slice(token.start, token.end));
    cursor = token.end;
  }
  return out + text.slice(cursor);
}

/** Plain "@Maya Chen" of picked mentions → markup the server resolves (common/mentions.ts). */
export function mentionsToMarkup(text: string, picked: PickedMentions): string {
  if (picked.size === 0) return text;
  const labels = [...picked.keys()].sort((a, b) => b.length - a.length).map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return text.replace(new RegExp(`(${labels.join("|")})(?![\\p{L}\\p{N}])`, "gu"), (label) => picked.get(label) ?? label);
}

export const markupOf = (o: MentionOption) => mentionMarkup(o.type, o.id, o.name);
