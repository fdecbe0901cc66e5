import type { ChannelHealth, LocalizedText } from "~/integrations/core/descriptor.ts";
import type { ImapState } from "./imap-mailbox-poller.ts";

const STATUS: Record<ImapState["status"], { status: ChannelHealth["status"]; text: LocalizedText }> = {
  connecting: { status: "pending", text: { en: "Connecting", ja: "接続中" } },
  connected: { status: "ok", text: { en: "Connected", ja: "接続済み" } },
  error: { status: "error", text: { en: "Error", ja: "エラー" } },
  stopped: { status: "stopped", text: { en: "Stopped", ja: "停止中" } },
};

/** The IMAP poller's last known state (imap-poller.ts keeps it in inbox state); null when the inbox polls nothing. */
export function imapHealth(state: unknown): ChannelHealth | null {
  const imap = (state as { imap?: Partial<ImapState> } | null)?.imap;
  const known = imap?.status ? STATUS[imap.status] : undefined;
  if (!imap || !known) return null;
  return {
    check: "imap",
    label: { en: "IMAP", ja: "IMAP" },
    status: known.status,
    statusText: known.text,
    message: imap.error ? { en: `Last error: ${imap.error}`, ja: `直近のエラー: ${imap.error}` } : null,
    checkedAt: imap.lastSyncAt ?? null,
    nextAttemptAt: imap.nextRetryAt ?? null,
  };
}
