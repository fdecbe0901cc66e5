import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { HostWith } from "~/integrations/core/host.ts";
import type { EmailConfig } from "./config.ts";
import { ImapPoller, type ImapPollerOptions } from "./imap-mailbox-poller.ts";

export interface ImapSupervisorOptions extends ImapPollerOptions {
  /** How often the inbox list is re-read (admins add, change or disable inboxes). */
  refreshMs?: number;
  /** How long a node's claim on a mailbox lasts unrenewed; renewed every third of it. */
  leaseMs?: number;
}

/**
 * Keeps one IMAP poller per enabled email inbox that has IMAP settings, across all nodes: a node polls
 * a mailbox only while it holds that inbox's lease (host.leases, a row lease in the database). Each
 * tick re-reads the inboxes and claims (or renews) their leases; a node that dies stops renewing and
 * another node takes the mailbox over once the lease has expired. A node that finds its lease taken
 * (it was paused past the lease time) stops its poller. Two pollers for a moment are harmless: ingest
 * is idempotent on the Message-ID.
 */
export function startImapSupervisor(
  host: HostWith<"inbound">,
  opts: ImapSupervisorOptions,
): { stop(): Promise<void>; refresh(): Promise<string[]> } {
  const pollers = new Map<string, { key: string; poller: ImapPoller }>();
  const leaseMs = opts.leaseMs ?? 30_000;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();

  const fingerprint = (inbox: InboxRuntime<EmailConfig>) => JSON.stringify([inbox.config.address, inbox.config.imap]);
  const leaseKey = (inboxId: string) => `imap:${inboxId}`;

  async function drop(id: string): Promise<void> {
    const entry = pollers.get(id);
    pollers.delete(id);
    await entry?.poller.stop();
  }

  async function reconcile(): Promise<void> {
    const inboxes = await host.listInboxes<EmailConfig>("email");
    if (stopped) return;
    const wanted = new Map(inboxes.filter((i) => i.enabled && i.config.imap).map((i) => [i.id, i]));
    for (const [id, entry] of pollers) {
      const inbox = wanted.get(id);
      if (inbox && fingerprint(inbox) === entry.key) continue;
      await drop(id);
      if (!inbox) await host.leases.release(leaseKey(id));
    }
    for (const [id, inbox] of wanted) {
      const held = await host.leases.claim(leaseKey(id), leaseMs);
      if (stopped) return;
      if (!held) {
        if (pollers.has(id)) host.log.warn(`email: IMAP ${id}: another node holds the mailbox lease now; stopping here`);
        await drop(id);
        continue;
      }
      if (pollers.has(id)) continue;
      // The inbox as just read: its state carries the cursor the previous holder saved.
      const poller = new ImapPoller(host, inbox, opts);
      pollers.set(id, { key: fingerprint(inbox), poller });
      poller.start();
    }
  }

  /** Re-reads the inboxes and claims their leases now; resolves with the ids of the inboxes this node polls. */
  const refresh = async () => {
    running = running.then(reconcile).catch((err: Error) => host.log.warn(`email: IMAP inbox refresh failed: ${err.message}`));
    await running;
    return [...pollers.keys()];
  };
  void refresh();
  const timer = setInterval(() => void refresh(), Math.min(opts.refreshMs ?? 15_000, leaseMs / 3));
  timer.unref();

  return {
    refresh,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      const ids = [...pollers.keys()];
      await Promise.all([...pollers.values()].map((p) => p.poller.stop()));
      pollers.clear();
      // Given up at once, so another node need not wait for the lease to expire.
      await Promise.all(ids.map((id) => host.leases.release(leaseKey(id)).catch(() => {})));
    },
  };
}
