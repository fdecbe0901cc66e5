import { Fragment, useEffect, useLayoutEffect, useRef } from "react";
import { Link, useSearchParams } from "react-router";
import type { RealtimeMessage } from "~/common/realtime-contract.ts";
import { useI18n } from "~/app/i18n/index.ts";
import { dayLabel } from "~/app/lib/format.ts";
import { MessageItem } from "./message-item.tsx";

const useIsoLayoutEffect = typeof window === "undefined" ? useEffect : useLayoutEffect;

export function MessageTimeline({
  messages,
  conversationId,
  canRetry,
  hasLater = false,
}: {
  messages: RealtimeMessage[];
  conversationId: string;
  canRetry: boolean;
  /** Opened around an older search hit: newer messages exist beyond this page. */
  hasLater?: boolean;
}) {
  const { t, locale } = useI18n();
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  // A search hit opens the conversation at `?message=<id>`: scroll to that message and mark it.
  const [params] = useSearchParams();
  const target = params.get("message");

  // Open at the newest message; follow new ones only if the agent was already at the bottom.
  useIsoLayoutEffect(() => {
    stick.current = true;
  }, [conversationId]);
  useIsoLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [messages.length, conversationId]);
  useIsoLayoutEffect(() => {
    const hit = target ? ref.current?.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(target)}"]`) : null;
    if (!hit) return;
    stick.current = false;
    hit.dataset.searchHit = "true";
    hit.scrollIntoView({ block: "center" });
    return () => {
      delete hit.dataset.searchHit;
    };
  }, [target, conversationId]);

  let lastDay = "";
  return (
    <div
      className="timeline"
      ref={ref}
      role="log"
      aria-live="polite"
      aria-label={t("conversation.messages")}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scroll region must be reachable by keyboard (axe scrollable-region-focusable) so arrow keys and Page Up/Down scroll it
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
      }}
    >
      {messages.length === 0 ? <div className="empty-state">{t("conversation.empty")}</div> : null}
      {messages.map((m) => {
        const day = dayLabel(m.createdAt, locale);
        const divider = day !== lastDay;
        lastDay = day;
        return (
          <Fragment key={m.id}>
            {divider ? (
              <div className="day-divider" suppressHydrationWarning>
                {day}
              </div>
            ) : null}
            <MessageItem message={m} canRetry={canRetry} conversationId={conversationId} />
          </Fragment>
        );
      })}
      {hasLater ? (
        <Link className="button small newer-messages" to={`/conversations/${conversationId}`}>
          {t("timeline.newerMessages")}
        </Link>
      ) : null}
    </div>
  );
}
