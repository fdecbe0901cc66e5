import { Link } from "react-router";
import type { RealtimeMessage } from "~/common/realtime-contract.ts";
import { useI18n } from "~/app/i18n/index.ts";
import { fullDateTime } from "~/app/lib/format.ts";
import { ChannelIcon } from "~/app/components/channel-icon.tsx";
import { useChannelLabel } from "~/app/lib/channels.tsx";
import { NoteIcon } from "~/app/components/icons.tsx";
import { DeliveryStatus } from "~/app/components/conversation/message-item.tsx";
import { attributeChangeText, eventText } from "~/app/components/conversation/event-text.ts";
import "~/app/i18n/pages/customers.ts";

export interface MessageEntry {
  conversationId: string;
  conversationNumber: number;
  conversationSubject: string;
  message: RealtimeMessage;
}

/** A change of the record's own attributes (server/domain/attributes/attribute-change-timeline.ts). */
export interface AttributeChangeEntry {
  kind: "attribute_change";
  id: string;
  createdAt: string;
  change: {
    label: string;
    labelJa: string | null;
    from: unknown;
    to: unknown;
    actorName: string | null;
    ruleName: string | null;
    via: string | null;
  };
}

export type HistoryEntry = MessageEntry | AttributeChangeEntry;
export const historyEntryId = (e: HistoryEntry) => ("message" in e ? e.message.id : e.id);

/** One line of the customer's cross-channel history: channel, who, when, which ticket, the text. */
export function HistoryItem({ item }: { item: HistoryEntry }) {
  if (!("message" in item)) return <AttributeChangeItem item={item} />;
  return <MessageHistoryItem item={item} />;
}

/** "Maya changed Plan from Free to Pro", quiet like an event line; a rule or an import says so. */
function AttributeChangeItem({ item }: { item: AttributeChangeEntry }) {
  const { t, locale } = useI18n();
  const c = item.change;
  const actor = c.ruleName ? t("automation.rule", { name: c.ruleName }) : c.actorName || t("app.name");
  const line = attributeChangeText(t, actor, locale, c);
  return (
    <li className="history-item event" data-change-id={item.id}>
      <span />
      <div className="head">
        <span>{c.via === "import" ? `${line} ${t("attrChange.viaImport")}` : line}</span>
        <time dateTime={item.createdAt} suppressHydrationWarning>
          {fullDateTime(item.createdAt, locale)}
        </time>
      </div>
    </li>
  );
}

function MessageHistoryItem({ item }: { item: MessageEntry }) {
  const { t, locale } = useI18n();
  const channelLabel = useChannelLabel();
  const m = item.message;
  const note = m.kind === "note";
  const who = m.author?.name ?? "";
  if (m.kind === "event") {
    // Status and assignment changes: one quiet line, so the customer's words stand out.
    return (
      <li className="history-item event" data-message-id={m.id}>
        <span />
        <div className="head">
          <span>{eventText(m, t, locale)}</span>
          <time dateTime={m.createdAt} suppressHydrationWarning>
            {fullDateTime(m.createdAt, locale)}
          </time>
          <Link to={`/conversations/${item.conversationId}`}>{item.conversationNumber ? `#${item.conversationNumber}` : ""}</Link>
        </div>
      </li>
    );
  }
  return (
    <li className={`history-item${note ? " note" : ""}`} data-message-id={m.id}>
      <span className="channel-badge">{note ? <NoteIcon className="channel-icon" /> : <ChannelIcon channel={m.channel} />}</span>
      <div>
        <div className="head">
          {note ? <span className="note-label">{t("conversation.internalNote")}</span> : <span>{channelLabel(m.channel)}</span>}
          {who ? <span className="author">{who}</span> : null}
          <time dateTime={m.createdAt} suppressHydrationWarning>
            {fullDateTime(m.createdAt, locale)}
          </time>
          <Link to={`/conversations/${item.conversationId}`}>
            {item.conversationNumber ? `#${item.conversationNumber}` : ""} {item.conversationSubject}
          </Link>
          {m.direction === "outbound" && m.deliveryStatus ? <DeliveryStatus status={m.deliveryStatus} /> : null}
        </div>
        <div className="body">
          {m.text || (m.attachments.length ? m.attachments.map((a) => a.filename).join(", ") : t("conversation.emptyText"))}
        </div>
      </div>
    </li>
  );
}
