import { ImapFlow } from "imapflow";
import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { HostWith } from "~/integrations/core/host.ts";
import type { EmailConfig } from "./config.ts";
import { rawEventId } from "./message-id.ts";
import { receiveRawEmail } from "./process-raw.ts";

/** Kept in inbox state under `imap` (shown to admins): the UID cursor and connection health. */
export interface ImapState {
  uidValidity?: string;
  lastUid?: number;
  status: "connecting" | "connected" | "error" | "stopped";
  error?: string;
  lastSyncAt?: string;
  connectedAt?: string;
  nextRetryAt?: string;
  skipped?: { uid: number; reason: string }[];
}

export interface ImapPollerOptions {
  maxBytes: number;
  /** A full re-check even when IDLE reports nothing (servers that drop IDLE silently). */
  resyncMs?: number;
  /** On the first sync (or a UIDVALIDITY change), import mail received this far back. */
  initialWindowMs?: number;
  backoff?: { initialMs: number; maxMs: number };
}

/**
 * Polls one inbox's IMAP mailbox: catches up from the stored UID cursor, then waits for IDLE
 * notifications (imapflow falls back to NOOP polling where IDLE is missing), reconnecting with
 * exponential backoff. The mailbox is opened read-only: nothing is flagged or moved, the cursor
 * alone decides what is new, and re-imports are harmless because ingest is idempotent.
 */
export class ImapPoller {
  private client: ImapFlow | null = null;
  private stopped = false;
  private syncing: Promise<void> | null = null;
  private again = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private resyncTimer: NodeJS.Timeout | null = null;
  private failures = 0;
  private state: ImapState;

  constructor(
    private readonly host: HostWith<"inbound">,
    private readonly inbox: InboxRuntime<EmailConfig>,
    private readonly opts: ImapPollerOptions,
  ) {
    const saved = (inbox.state?.imap ?? {}) as Partial<ImapState>;
    this.state = { uidValidity: saved.uidValidity, lastUid: saved.lastUid, status: "connecting" };
  }

  start(): void {
    void this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.resyncTimer) clearInterval(this.resyncTimer);
    const client = this.client;
    this.client = null;
    await this.syncing?.catch(() => {});
    if (client) await client.logout().catch(() => client.close());
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const imap = this.inbox.config.imap!;
    const client = new ImapFlow({
      host: imap.host,
      port: imap.port,
      secure: imap.secure,
      auth: { user: imap.user, pass: imap.pass },
      logger: false,
      // Enter IDLE soon after our last command: new mail is only announced while idling.
      autoIdleDelay: 1000,
      connectionTimeout: 30_000,
      greetingTimeout: 15_000,
      socketTimeout: 5 * 60_000,
    });
    this.client = client;
    client.on("error", (err: Error) => this.host.log.warn(`email: IMAP ${this.inbox.id}: ${err.message}`));
    client.on("close", () => {
      if (this.client === client) this.scheduleReconnect(new Error("connection closed"));
    });
    client.on("exists", () => this.sync());
    try {
      await this.save({ status: "connecting" });
      await client.connect();
      await client.mailboxOpen(imap.mailbox, { readOnly: true });
      this.failures = 0;
      await this.save({ status: "connected", connectedAt: new Date().toISOString(), error: undefined, nextRetryAt: undefined });
      this.sync();
      await this.syncing;
      this.resyncTimer ??= setInterval(() => this.sync(), this.opts.resyncMs ?? 10 * 60_000);
      this.resyncTimer.unref();
    } catch (err) {
      if (this.client === client) this.scheduleReconnect(err as Error);
    }
  }

  private scheduleReconnect(err: Error): void {
    if (this.stopped) return;
    const old = this.client;
    this.client = null;
    old?.close();
    const { initialMs, maxMs } = this.opts.backoff ?? { initialMs: 1000, maxMs: 5 * 60_000 };
    const delay = Math.min(maxMs, initialMs * 2 ** Math.min(this.failures, 20));
    this.failures++;
    void this.save({ status: "error", error: err.message, nextRetryAt: new Date(Date.now() + delay).toISOString() });
    this.host.log.warn(`email: IMAP ${this.inbox.id} disconnected (${err.message}); retrying in ${delay} ms`);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.connect(), delay);
    this.retryTimer.unref();
  }

  /** Runs one catch-up at a time; a notification during a run triggers one more run. */
  private sync(): void {
    if (this.syncing) {
      this.again = true;
      return;
    }
    this.syncing = this.catchUp()
      .catch((err: Error) => {
        if (!this.stopped) this.scheduleReconnect(err);
      })
      .finally(() => {
        this.syncing = null;
        if (this.again && !this.stopped && this.client) {
          this.again = false;
          this.sync();
        }
      });
  }

  private async catchUp(): Promise<void> {
    const client = this.client;
    if (!client || this.stopped || !client.mailbox) return;
    const uidValidity = String(client.mailbox.uidValidity);
    let uids: number[];
    if (this.state.uidValidity !== uidValidity || !this.state.lastUid) {
      const since = new Date(Date.now() - (this.opts.initialWindowMs ?? 7 * 24 * 3600_000));
      uids = ((await client.search({ since }, { uid: true })) || []) as number[];
      this.state.uidValidity = uidValidity;
      this.state.lastUid = 0;
    } else {
      const listed = await client.fetchAll(`${this.state.lastUid + 1}:*`, { uid: true }, { uid: true });
      uids = listed.map((m) => m.uid);
    }
    for (const uid of uids.filter((u) => u > (this.state.lastUid ?? 0)).sort((a, b) => a - b)) {
      if (this.stopped || this.client !== client) return;
      await this.importOne(client, uid);
      await this.save({ lastUid: uid });
    }
    await this.save({ uidValidity, lastSyncAt: new Date().toISOString() });
  }

  private async importOne(client: ImapFlow, uid: number): Promise<void> {
    const head = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
    if (!head) return;
    if ((head.size ?? 0) > this.opts.maxBytes) {
      const skipped = [...(this.state.skipped ?? []), { uid, reason: `larger than ${this.opts.maxBytes} bytes` }].slice(-20);
      this.host.log.warn(`email: IMAP ${this.inbox.id} skipped UID ${uid}: ${head.size} bytes`);
      await this.save({ skipped });
      return;
    }
    const msg = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
    if (!msg || !msg.source) return;
    const raw = msg.source;
    const eventId = rawEventId(raw);
    const { done } = await receiveRawEmail(this.host, this.inbox.id, eventId, raw);
    await done;
  }

  private async save(patch: Partial<ImapState>): Promise<void> {
    this.state = { ...this.state, ...patch };
    await this.host.saveInboxState(this.inbox.id, { imap: this.state }).catch((err: Error) => {
      this.host.log.warn(`email: could not save IMAP state for ${this.inbox.id}: ${err.message}`);
    });
  }
}
