import { useI18n, type MessageKey } from "~/app/i18n/index.ts";
import { fullDateTime } from "~/app/lib/format.ts";

export interface ImapHealthState {
  status?: string;
  lastSyncAt?: string;
  error?: string;
  nextRetryAt?: string;
}

/** The IMAP poller's last known state (integrations/email/imap-mailbox-poller.ts keeps it in inbox state). */
export function ImapHealth({ imap }: { imap: ImapHealthState | null }) {
  const { t, locale } = useI18n();
  if (!imap?.status) return null;
  const tone = imap.status === "connected" ? "status-resolved" : imap.status === "error" ? "priority-urgent" : "";
  return (
    <div className="imap-health" data-imap-status={imap.status}>
      <span className="small muted">{t("admin.imap")}</span>{" "}
      <span className={`badge ${tone}`}>{t(`admin.imap.${imap.status}` as MessageKey)}</span>
      <div className="small muted">
        {imap.lastSyncAt ? t("admin.imap.lastSync", { time: fullDateTime(imap.lastSyncAt, locale) }) : t("admin.imap.never")}
      </div>
      {imap.error ? <div className="small error-text">{t("admin.imap.lastError", { error: imap.error })}</div> : null}
      {imap.nextRetryAt ? (
        <div className="small muted">{t("admin.imap.nextRetry", { time: fullDateTime(imap.nextRetryAt, locale) })}</div>
      ) : null}
    </div>
  );
}
