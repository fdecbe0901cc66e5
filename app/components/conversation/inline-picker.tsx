import { useT } from "~/app/i18n/index.ts";
import { Avatar } from "~/app/components/avatar.tsx";

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

/**
 * The ARIA listbox pattern: the composer's textarea keeps focus and moves the active option with the
 * arrow keys; a click picks without taking the focus (and caret) away.
 */
export function InlinePicker<T>({
  options,
  active,
  onPick,
  label,
  empty,
}: {
  options: InlineOption<T>[];
  active: number;
  onPick: (o: InlineOption<T>) => void;
  label: string;
  /** Shown when nothing matches; nothing is shown without it. */
  empty?: string | null;
}) {
  const t = useT();
  if (options.length === 0) {
    return empty ? (
      <div className="mention-picker inline-empty" role="status">
        {empty}
      </div>
    ) : null;
  }
  return (
    // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the ARIA listbox pattern; the composer's textarea keeps focus and moves the active option
    <ul className="mention-picker" role="listbox" aria-label={label}>
      {options.map((o, i) => (
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: an option of the listbox above
        // biome-ignore lint/a11y/useFocusableInteractive: options are chosen from the textarea (arrow keys) or by the inner button
        <li key={o.key} role="option" aria-selected={i === active}>
          <button
            type="button"
            className="menu-item"
            onMouseDown={(e) => {
              // Keep the textarea focused (and its caret) while picking.
              e.preventDefault();
              onPick(o);
            }}
          >
            {o.avatarId ? <Avatar id={o.avatarId} name={o.label} size="small" /> : null}
            <span className="inline-label">{o.label}</span>
            {o.team ? <span className="muted small">{t("conversation.mentionTeam")}</span> : null}
            {o.detail ? <span className="muted small inline-detail">{o.detail}</span> : null}
          </button>
        </li>
      ))}
    </ul>
  );
}
