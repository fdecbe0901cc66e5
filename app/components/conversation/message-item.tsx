import { lazy, memo, Suspense, useState } from "react";
import { useFetcher } from "react-router";
import type { RealtimeMessage } from "~/common/realtime-contract.ts";
import { attachmentUrl } from "~/common/urls.ts";
import { useI18n, type MessageKey } from "~/app/i18n/index.ts";
import { fileSize, fullDateTime, timeOfDay } from "~/app/lib/format.ts";
import { Avatar } from "~/app/components/avatar.tsx";
import { AlertIcon, CheckAllIcon, CheckIcon, ClockIcon, NoteIcon, PaperclipIcon } from "~/app/components/icons.tsx";
import { HtmlBody } from "./html-body.tsx";
import { eventText, ruleName } from "./event-text.ts";

// A held reply (its undo window still open) is rare on screen: its code loads when one shows.
const HeldReply = lazy(() => import("./held-reply.tsx").then((m) => ({ default: m.HeldReply })));

const DELIVERY_ICON: Record<string, React.ReactNode> = {
  queued: <ClockIcon className="channel-icon" />,
  sending: <ClockIcon className="channel-icon" />,
  sent: <CheckIcon className="channel-icon" />,
  delayed: <ClockIcon className="channel-icon" />,
  delivered: <CheckAllIcon className="channel-icon" />,
  undelivered: <AlertIcon className="channel-icon" />,
  failed: <AlertIcon className="channel-icon" />,
  unknown: <AlertIcon className="channel-icon" />,
};

export function DeliveryStatus({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <span className={`delivery ${status}`} data-delivery={status}>
      {DELIVERY_ICON[status]}
      {t(`delivery.${status}` as MessageKey)}
    </span>
  );
}

interface StoredMention {
  id: string;
  offset: number;
  length: number;
}

/** Note text with its @mentions highlighted (offsets come from the server's mention parser). */
function TextWithMentions({ text, mentions }: { text: string; mentions: unknown }) {
  const list = (Array.isArray(mentions) ? (mentions as StoredMention[]) : [])
    .filter((m) => Number.isInteger(m.offset) && Number.isInteger(m.length))
    .sort((a, b) => a.offset - b.offset);
  if (list.length === 0) return <>{text}</>;
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const m of list) {
    if (m.offset < at) continue;
    parts.push(text.slice(at, m.offset));
    parts.push(
      <mark key={`${m.id}-${m.offset}`} className="mention">
        {text.slice(m.offset, m.offset + m.length)}
      </mark>,
    );
    at = m.offset + m.length;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

/** Queues a failed message again (after an admin fixed the inbox, say); the status updates live. */
/** Queues the message again; for a message that may have been sent, the agent decides to send it again. */
function RetryButton({ messageId, label }: { messageId: string; label: MessageKey }) {
  const { t } = useI18n();
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const error = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
  return (
    <fetcher.Form method="post" style={{ display: "inline" }}>
      <input type="hidden" name="intent" value="retry" />
      <input type="hidden" name="messageId" value={messageId} />
      <button type="submit" className="button small" disabled={fetcher.state !== "idle"}>
        {t(label)}
      </button>
      {error ? <span className="small"> {error}</span> : null}
    </fetcher.Form>
  );
}

export const MessageItem = memo(function MessageItem({
  message: m,
  canRetry = false,
  conversationId,
}: {
  message: RealtimeMessage;
  canRetry?: boolean;
  conversationId?: string;
}) {
  const { t, locale } = useI18n();
  const [plain, setPlain] = useState(false);

  if (m.kind === "event") {
    return (
      <div className="event-line" data-message-id={m.id}>
        <span>{eventText(m, t, locale)}</span>
        <time dateTime={m.createdAt} title={fullDateTime(m.createdAt, locale)} suppressHydrationWarning>
          {timeOfDay(m.createdAt, locale)}
        </time>
      </div>
    );
  }

  const note = m.kind === "note";
  const side = note ? "note" : m.direction === "outbound" ? "outbound" : "inbound";
  const rule = ruleName(m.meta);
  const authorName = m.author?.name ?? (rule ? t("automation.rule", { name: rule }) : m.direction === "inbound" ? "?" : t("app.name"));
  const failed = m.deliveryStatus === "failed" || m.deliveryStatus === "undelivered" || m.deliveryStatus === "unknown";
  const hasHtml = Boolean(m.html || m.htmlUrl);
  const showHtml = hasHtml && !plain;
  // An inbox in capture mode (the demo's email) keeps the mail it would have sent (integrations/email/send.ts).
  const capture = (m.meta as { capture?: { raw: string; bytes: number } }).capture;
  // The sender could not be authenticated (docs/decisions/014-unverified-senders.md).
  const { unverified, auth } = m.meta as { unverified?: string; auth?: { spf: string; dkim: string; dmarc: string } };
  // An auto-reply stays on the timeline, visibly secondary (decision 013).
  const automated = (m.meta as { automated?: boolean }).automated === true;
  // A delay warning is informational: the MTA is still retrying, a later report moves the status on.
  const delayed = m.deliveryStatus === "delayed";

  return (
    <article className={`msg ${side}${automated ? " automated" : ""}`} data-message-id={m.id} data-kind={m.kind}>
      <Avatar id={m.author?.id ?? m.id} name={authorName} size="small" />
      <div className="bubble">
        <div className="msg-meta">
          {note ? (
            <span className="note-label">
              <NoteIcon className="channel-icon" />
              {t("conversation.internalNote")}
            </span>
          ) : null}
          <span className="author">{authorName}</span>
          <time dateTime={m.createdAt} title={fullDateTime(m.createdAt, locale)} suppressHydrationWarning>
            {timeOfDay(m.createdAt, locale)}
          </time>
          {m.sendAt && conversationId ? (
            <Suspense fallback={null}>
              <HeldReply m={m} conversationId={conversationId} />
            </Suspense>
          ) : m.direction === "outbound" && m.deliveryStatus ? (
            <DeliveryStatus status={m.deliveryStatus} />
          ) : null}
          {automated ? (
            <span className="badge automated" title={t("mail.automatedTitle")}>
              {t("mail.automated")}
            </span>
          ) : null}
          {unverified ? (
            <span className="badge unverified" data-unverified={unverified}>
              <AlertIcon className="channel-icon" />
              {t("mailAuth.unverified")}
            </span>
          ) : null}
          {hasHtml ? (
            <button type="button" className="button ghost small" onClick={() => setPlain((p) => !p)}>
              {plain ? t("conversation.showHtml") : t("conversation.showText")}
            </button>
          ) : null}
        </div>
        {unverified ? (
          <div className="unverified-sender" role="note">
            <p>{t(`mailAuth.reason.${unverified}` as MessageKey)}</p>
            {auth ? <p className="small">{t("mailAuth.results", { spf: auth.spf, dkim: auth.dkim, dmarc: auth.dmarc })}</p> : null}
          </div>
        ) : null}
        {showHtml ? (
          <HtmlBody html={m.html} url={m.htmlUrl} text={m.text} title={t("conversation.html")} />
        ) : (
          <div className="msg-text">
            {m.text ? (
              <TextWithMentions text={m.text} mentions={m.meta.mentions} />
            ) : m.attachments.length ? (
              ""
            ) : (
              t("conversation.emptyText")
            )}
          </div>
        )}
        {m.attachments.length ? (
          <div className="msg-attachments">
            {m.attachments.map((a) => (
              <a key={a.id} className="attachment-chip" href={attachmentUrl(a.id)} target="_blank" rel="noreferrer">
                <PaperclipIcon className="channel-icon" />
                <span className="fname">{a.filename}</span>
                <span className="fsize">{fileSize(a.size)}</span>
              </a>
            ))}
          </div>
        ) : null}
        {capture ? (
          <details className="mail-capture">
            <summary>{t("delivery.captured", { size: fileSize(capture.bytes) })}</summary>
            <pre>{capture.raw}</pre>
          </details>
        ) : null}
        {delayed ? (
          <div className="delivery-note delayed" role="status">
            {t("mail.delayedNote", { reason: m.deliveryError ?? "" })}
          </div>
        ) : null}
        {failed ? (
          <div className={`delivery-error ${m.deliveryStatus}`} role="status">
            <span>
              {m.deliveryError ? t("delivery.reason", { reason: m.deliveryError }) : t(`delivery.${m.deliveryStatus}` as MessageKey)}
            </span>
            {canRetry ? (
              <RetryButton messageId={m.id} label={m.deliveryStatus === "unknown" ? "delivery.sendAgain" : "delivery.retry"} />
            ) : null}
          </div>
        ) : null}
      </div>
    </article>
  );
});
