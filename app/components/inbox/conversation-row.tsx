import { memo } from "react";
import { Link } from "react-router";
import type { ConversationSummary } from "~/common/realtime-contract.ts";
import { useT, type MessageKey } from "~/app/i18n/index.ts";
import { ChannelIcon } from "~/app/components/channel-icon.tsx";
import { TimeAgo } from "~/app/components/time-ago.tsx";
import { Avatar } from "~/app/components/avatar.tsx";
import { SlaCountdown } from "~/app/components/sla-countdown.tsx";

interface Props {
  conversation: ConversationSummary;
  index: number;
  href: string;
  selected: boolean;
  /** Opening it takes a while: shown as loading. */
  pending?: boolean;
  focused: boolean;
  unread: boolean;
  assigneeName: string | null;
  /** Who wrote the last message when an agent did: "you", a colleague's name, or null. */
  lastAuthor: "you" | { name: string } | null;
  /** Other agents who have this conversation open. */
  viewers?: { userId: string; name: string }[];
  /** Checked for a bulk action. */
  checked: boolean;
  /** The row the list's Tab stop is on (roving tabindex): the keyboard cursor's. */
  tabbable: boolean;
  onFocus: () => void;
  /** range: extend from the last toggled row (shift-click). */
  onToggle: (index: number, range: boolean) => void;
}

export const ConversationRow = memo(function ConversationRow(props: Props) {
  const t = useT();
  const c = props.conversation;
  const last = c.lastMessage;
  const author = props.lastAuthor === "you" ? t("inbox.you") : props.lastAuthor ? t("inbox.author", { name: props.lastAuthor.name }) : "";
  const prefix = last?.kind === "note" ? t("inbox.note") : author;
  const failed = last?.kind === "message" && last.deliveryStatus === "failed";
  const classes = [
    "conv-item",
    props.selected && "selected",
    props.focused && "cursor",
    props.unread && "unread",
    props.pending && "pending",
    props.checked && "checked",
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <li data-index={props.index} className={props.checked ? "checked" : undefined}>
      <input
        type="checkbox"
        className="row-check"
        checked={props.checked}
        tabIndex={props.tabbable ? 0 : -1}
        aria-label={t("bulk.selectRow", { number: c.number })}
        // The click (a pointer's or the space bar's) says whether Shift was held; React re-renders the checked state.
        readOnly
        onClick={(e) => props.onToggle(props.index, e.shiftKey)}
      />
      <Link
        to={props.href}
        className={classes}
        tabIndex={props.tabbable ? 0 : -1}
        aria-current={props.selected ? "true" : undefined}
        aria-busy={props.pending || undefined}
        onFocus={props.onFocus}
        data-conversation-id={c.id}
      >
        {props.unread ? <span className="visually-hidden">{t("inbox.unread")}</span> : null}
        <div className="row1">
          <span className="name">{c.contactName}</span>
          <TimeAgo className="time" iso={c.lastActivityAt} />
        </div>
        <div className="subject">{c.subject || t("conversation.noSubject")}</div>
        <div className="preview">
          {failed ? <span className="badge delivery-failed">{t("inbox.deliveryFailed")}</span> : null}
          {last ? `${prefix ? `${prefix} ` : ""}${last.text}` : t("inbox.noMessages")}
        </div>
        <div className="row3">
          <ChannelIcon channel={c.channel} />
          <span className="ticket">#{c.number}</span>
          <span>·</span>
          <span>{props.assigneeName ?? t("inbox.unassigned")}</span>
          {c.priority === "high" || c.priority === "urgent" ? (
            <span className={`badge priority-${c.priority}`}>{t(`priority.${c.priority}` as MessageKey)}</span>
          ) : null}
          {c.status !== "open" ? <span className={`badge status-${c.status}`}>{t(`status.${c.status}` as MessageKey)}</span> : null}
          <SlaCountdown sla={c.sla} />
          {props.viewers?.length ? (
            <span className="row-viewers" title={t("conversation.viewing", { names: props.viewers.map((v) => v.name).join(", ") })}>
              {props.viewers.slice(0, 3).map((v) => (
                <Avatar key={v.userId} id={v.userId} name={v.name} size="small" />
              ))}
            </span>
          ) : null}
          {c.tags.slice(0, 2).map((tag) => (
            <span key={tag} className="badge">
              {tag}
            </span>
          ))}
        </div>
      </Link>
    </li>
  );
});
