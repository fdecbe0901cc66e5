import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { HostWith } from "~/integrations/core/host.ts";
import type { EmailConfig } from "./config.ts";
import { ImapPoller, type ImapPollerOptions } from "./imap-mailbox-poller.ts";

/**
 * Keeps one IMAP poller per enabled email inbox that has IMAP settings, following inboxes as
 * admins add, change or disable them (re-checked every `refreshMs`).
 */
export function startImapSupervisor(
  host: HostWith<"inbound">,
  opts: ImapPollerOptions & { refreshMs?: number },
): { stop(): Promise<void>; refresh(): Promise<string[]> } {
  const pollers = new Map<string, { key: string; poller: ImapPoller }>();
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const fingerprint = (inbox: InboxRuntime<EmailConfig>) => JSON.stringify([inbox.config.address, inbox.config.imap]);

  async function reconcile(): Promise<void> {
    const inboxes = await host.listInboxes<EmailConfig>("email");
    if (stopped) return;
    const wanted = new Map(inboxes.filter((i) => i.enabled && i.config.imap).map((i) => [i.id, i]));
    for (const [id, entry] of pollers) {
      const inbox = wanted.get(id);
      if (!inbox || fingerprint(inbox) !== entry.key) {
        pollers.delete(id);
        await entry.poller.stop();
      }
    }
    for (const [id, inbox] of wanted) {
      if (pollers.has(id)) continue;
      const poller = new ImapPoller(host, inbox, opts);
      pollers.set(id, { key: fingerprint(inbox), poller });
      poller.start();
    }
  }

  /** Re-reads the inboxes now; resolves with the ids of the inboxes being polled. */
  const refresh = async () => {
    running = running.then(reconcile).catch((err: Error) => host.log.warn(`email: IMAP inbox refresh failed: ${err.message}`));
    await running;
    return [...pollers.keys()];
  };
  void refresh();
  const timer = setInterval(() => void refresh(), opts.refreshMs ?? 15_000);
  timer.unref();

  return {
    refresh,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await Promise.all([...pollers.values()].map((p) => p.poller.stop()));
      pollers.clear();
    },
  };
}
