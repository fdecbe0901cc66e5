import { useT } from "~/app/i18n/index.ts";
import { Avatar } from "~/app/components/avatar.tsx";
import type { InlineOption } from "./inline-trigger.ts";
import "~/app/i18n/pages/inbox-tools.ts";

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
