import { useMemo } from "react";
import { useWorkspace } from "~/app/lib/workspace.ts";
import { useT } from "~/app/i18n/index.ts";
import { Avatar } from "~/app/components/avatar.tsx";

export interface MentionOption {
  type: "user" | "department";
  id: string;
  name: string;
}

/** The "@query" being typed right before the caret, or null. */
export function mentionQuery(text: string, caret: number): { query: string; start: number } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)@([^\s@()[\]]{0,30})$/.exec(before);
  if (!match) return null;
  return { query: match[2], start: caret - match[2].length - 1 };
}

/** Markup the server resolves into a mention (server/domain/mentions/parse-mentions.ts). */
export const mentionMarkup = (o: MentionOption) => `@[${o.name}](${o.type}:${o.id}) `;

export function useMentionOptions(query: string | null): MentionOption[] {
  const { directory } = useWorkspace();
  return useMemo(() => {
    if (query === null) return [];
    const q = query.toLowerCase();
    const people: MentionOption[] = directory.users.map((u) => ({ type: "user", id: u.id, name: u.name }));
    const teams: MentionOption[] = directory.departments.map((d) => ({ type: "department", id: d.id, name: d.name }));
    return [...people, ...teams].filter((o) => o.name.toLowerCase().includes(q)).slice(0, 6);
  }, [query, directory]);
}

export function MentionPicker({
  options,
  active,
  onPick,
}: {
  options: MentionOption[];
  active: number;
  onPick: (o: MentionOption) => void;
}) {
  const t = useT();
  if (options.length === 0) return null;
  return (
    // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA listbox pattern; the composer's textarea keeps focus and moves the active option
    <ul className="mention-picker" role="listbox">
      {options.map((o, i) => (
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: an option of the listbox above
        // biome-ignore lint/a11y/useFocusableInteractive: options are chosen from the textarea (arrow keys) or by the inner button
        <li key={`${o.type}:${o.id}`} role="option" aria-selected={i === active}>
          <button
            type="button"
            className="menu-item"
            onMouseDown={(e) => {
              // Keep the textarea focused (and its caret) while picking.
              e.preventDefault();
              onPick(o);
            }}
          >
            <Avatar id={o.id} name={o.name} size="small" />
            {o.name}
            {o.type === "department" ? <span className="muted small">· {t("conversation.mentionTeam")}</span> : null}
          </button>
        </li>
      ))}
    </ul>
  );
}
