import type { ChannelHealth as Health } from "~/common/channel-info.ts";
import { useI18n } from "~/app/i18n/index.ts";
import { fullDateTime } from "~/app/lib/format.ts";
import { useLocalized } from "~/app/lib/channels.tsx";
import "~/app/i18n/pages/admin.ts";

const TONE: Record<Health["status"], string> = { ok: "status-resolved", error: "priority-urgent", pending: "", stopped: "" };

/** An inbox's connection health as its channel's descriptor reads it from the inbox's state (e.g. the IMAP poller's). */
export function ChannelHealth({ health }: { health: Health | null }) {
  const { t, locale } = useI18n();
  const localized = useLocalized();
  if (!health) return null;
  // `<check>-health` / `data-<check>-status` are the hooks tests and styles use (e.g. .imap-health).
  const hook = { [`data-${health.check}-status`]: health.status };
  return (
    <div className={`channel-health ${health.check}-health`} {...hook}>
      <span className="small muted">{localized(health.label)}</span>{" "}
      <span className={`badge ${TONE[health.status]}`}>{localized(health.statusText)}</span>
      <div className="small muted">
        {health.checkedAt ? t("admin.health.lastSync", { time: fullDateTime(health.checkedAt, locale) }) : t("admin.health.never")}
      </div>
      {health.message ? <div className="small error-text">{localized(health.message)}</div> : null}
      {health.nextAttemptAt ? (
        <div className="small muted">{t("admin.health.nextRetry", { time: fullDateTime(health.nextAttemptAt, locale) })}</div>
      ) : null}
    </div>
  );
}
