import twilio from "twilio";
import { sid } from "./fake-twilio.ts";

/**
 * A provider's side of a fault test: signed Twilio SMS webhooks sent at concurrency, every answer
 * (or network failure) recorded with its latency, and the provider's retry policy — resend what
 * did not get a 2xx, plus some duplicates of what did, until everything was accepted.
 */
export interface SmsWebhooks {
  /** The MessageSids in sending order. */
  sids: string[];
  /** Every answer so far: status (0 = connection failed or timed out) and latency. */
  answers: { sid: string; status: number; ms: number; retryAfter: string | null }[];
  accepted: Set<string>;
  /** The SMS text of a webhook (unique per webhook), as agents see it in `message:created`. */
  body(sid: string): string;
  /**
   * Sends each of `sids` once, `concurrency` at a time, to the node `target()` names at send time;
   * with `until`, stops starting new ones once it returns true. Resolves with how many were sent.
   */
  send(sids: string[], opts?: SendOptions): Promise<number>;
  /**
   * Resends every webhook without a 2xx, plus `duplicates` already accepted ones, round after round
   * (pausing `pauseMs`) until all are accepted; fails after `maxRounds`.
   */
  retryUntilAccepted(opts?: { duplicates?: number; pauseMs?: number; maxRounds?: number }): Promise<number>;
  /** How many answers had this status. */
  count(status: number): number;
  maxLatencyMs(): number;
}

interface SendOptions {
  concurrency?: number;
  onAnswer?: (status: number) => void;
  until?: () => boolean;
  /** Each sender waits this long between two webhooks (a steady trickle instead of a burst). */
  pauseMs?: number;
}

export function smsWebhooks(opts: {
  total: number;
  inboxId: string;
  authToken: string;
  accountSid: string;
  /** PUBLIC_URL of the nodes (what Twilio signs), when `target` gives only the address. */
  publicUrl?: string;
  /**
   * The node to send to now (it may change when a node is replaced, or alternate between nodes):
   * its address, or its address and PUBLIC_URL.
   */
  target: () => string | { url: string; publicUrl: string };
  /** Per request; a node that hangs longer counts as failed (status 0). */
  timeoutMs?: number;
  customers?: number;
}): SmsWebhooks {
  const customers = opts.customers ?? 50;
  const params = new Map<string, Record<string, string>>();
  const sids = Array.from({ length: opts.total }, (_, i) => {
    const messageSid = sid("SM");
    params.set(messageSid, {
      AccountSid: opts.accountSid,
      MessageSid: messageSid,
      SmsStatus: "received",
      From: `+8190${String(10_000_000 + (i % customers)).slice(-8)}`,
      To: "+815012345678",
      Body: `障害試験 ${i}: 荷物はいつ届きますか`,
      NumMedia: "0",
      NumSegments: "1",
    });
    return messageSid;
  });
  const path = `/webhooks/twilio/${opts.inboxId}/sms`;
  const answers: SmsWebhooks["answers"] = [];
  const accepted = new Set<string>();

  async function post(messageSid: string) {
    const form = params.get(messageSid)!;
    const started = Date.now();
    let status = 0;
    let retryAfter: string | null = null;
    const target = opts.target();
    const { url, publicUrl } = typeof target === "string" ? { url: target, publicUrl: opts.publicUrl ?? target } : target;
    try {
      const res = await fetch(url + path, {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded; charset=UTF-8",
          "x-twilio-signature": twilio.getExpectedTwilioSignature(opts.authToken, publicUrl + path, form),
        },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      await res.arrayBuffer();
      status = res.status;
      retryAfter = res.headers.get("retry-after");
    } catch {
      // Connection refused or reset (a killed node), or no answer in time: the provider retries.
    }
    answers.push({ sid: messageSid, status, ms: Date.now() - started, retryAfter });
    if (status >= 200 && status < 300) accepted.add(messageSid);
    return status;
  }

  async function send(list: string[], o: SendOptions = {}) {
    let next = 0;
    const worker = async () => {
      while (next < list.length && !o.until?.()) {
        const status = await post(list[next++]!);
        o.onAnswer?.(status);
        if (o.pauseMs) await new Promise((r) => setTimeout(r, o.pauseMs));
      }
    };
    await Promise.all(Array.from({ length: Math.min(o.concurrency ?? 8, list.length) }, worker));
    return next;
  }

  return {
    sids,
    answers,
    accepted,
    body: (messageSid) => params.get(messageSid)!.Body!,
    send,
    async retryUntilAccepted(o = {}) {
      for (let round = 1; round <= (o.maxRounds ?? 20); round++) {
        const missing = sids.filter((s) => !accepted.has(s));
        if (!missing.length) return round - 1;
        const again = [...accepted].slice(0, o.duplicates ?? 0);
        await send([...missing, ...again]);
        if (sids.some((s) => !accepted.has(s))) await new Promise((r) => setTimeout(r, o.pauseMs ?? 1000));
      }
      throw new Error(`provider gave up: ${sids.filter((s) => !accepted.has(s)).length} webhooks never got a 2xx`);
    },
    count: (status) => answers.filter((a) => a.status === status).length,
    maxLatencyMs: () => Math.max(0, ...answers.map((a) => a.ms)),
  };
}

/** The figures of a fault test, printed as a small table in the test output. */
export function printFigures(title: string, figures: Record<string, string | number>) {
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  const lines = Object.entries(figures).map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  console.log(`\n[fault] ${title}\n${lines.join("\n")}\n`);
}

/**
 * What the database holds of `sids` (inbound messages of the inbox): stored, lost (a sid with no
 * message) and duplicated (a sid stored more than once, or a message of the inbox under no sid sent).
 */
export async function storedMessages(
  sql: { query<T>(text: string, params?: unknown[]): Promise<T[]> },
  inboxId: string,
  sids: string[],
): Promise<{ stored: number; lost: number; duplicated: number }> {
  const rows = await sql.query<{ sid: string; n: number }>(
    `SELECT "providerMessageId" AS sid, count(*)::int AS n FROM "Message" WHERE "inboxId" = $1 AND direction = 'inbound' GROUP BY 1`,
    [inboxId],
  );
  const sent = new Set(sids);
  const stored = new Set(rows.map((r) => r.sid));
  return {
    stored: rows.length,
    lost: sids.filter((s) => !stored.has(s)).length,
    duplicated: rows.reduce((sum, r) => sum + r.n - 1 + (sent.has(r.sid) ? 0 : 1), 0),
  };
}
