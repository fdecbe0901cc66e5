import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { promises as dns } from "node:dns";
import { authenticate } from "mailauth";
import type { SenderAuthVerdict } from "~/common/vocabulary.ts";

/** What the SMTP listener found out about a mail's sender; kept on the message as `meta.auth`. */
export interface SenderAuthentication {
  verdict: SenderAuthVerdict;
  spf: string;
  /** "pass" when a signature passed (the aligned one if any), otherwise the first signature's result, or "none". */
  dkim: string;
  dmarc: string;
  fromDomain: string | null;
  /** Domains whose DKIM signatures passed. */
  dkimDomains: string[];
  /** The sending domain's DMARC policy (none, quarantine, reject) when it publishes one. */
  policy?: string;
  ip: string;
}

export interface SenderContext {
  ip: string;
  helo?: string;
  /** MAIL FROM; empty for the null sender. */
  mailFrom?: string;
  /** Our host name, as the authserv-id. */
  mta: string;
  dnsServers?: string[];
  timeoutMs?: number;
}

/**
 * SPF, DKIM and DMARC with mailauth. A DNS failure or a timeout yields "temperror" results and the
 * verdict "none": the mail is still accepted, it is just not vouched for.
 */
export async function authenticateSender(raw: Buffer, ctx: SenderContext): Promise<SenderAuthentication> {
  const resolver = resolverFor(ctx.dnsServers);
  const timeoutMs = ctx.timeoutMs ?? 15_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      authenticate(raw, {
        ip: ctx.ip,
        helo: ctx.helo,
        sender: ctx.mailFrom ?? "",
        mta: ctx.mta,
        resolver,
        disableArc: true,
        disableBimi: true,
      }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error("timeout")), timeoutMs);
      }),
    ]);
    const fromDomain = result.dkim.headerFrom?.[0]?.split("@").pop()?.toLowerCase() ?? null;
    const signatures = result.dkim.results ?? [];
    const passed = signatures.filter((s) => s.status.result === "pass");
    const spf = result.spf ? result.spf.status.result : "none";
    const dmarc = result.dmarc ? result.dmarc.status.result : "none";
    return {
      verdict: verdictOf({
        dmarc,
        alignedDkim: passed.some((s) => !!s.status.aligned),
        spf,
        spfAligned: !!fromDomain && !!result.spf && aligned(result.spf.domain, fromDomain),
      }),
      spf,
      dkim: passed.length ? "pass" : (signatures[0]?.status.result ?? "none"),
      dmarc,
      fromDomain,
      dkimDomains: passed.map((s) => s.signingDomain ?? "").filter(Boolean),
      ...(result.dmarc && result.dmarc.policy ? { policy: result.dmarc.policy } : {}),
      ip: ctx.ip,
    };
  } catch {
    return { verdict: "none", spf: "temperror", dkim: "temperror", dmarc: "temperror", fromDomain: null, dkimDomains: [], ip: ctx.ip };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * DMARC decides when the From domain publishes a record. Without one, an aligned DKIM signature or an
 * aligned SPF pass still vouches for the sender, and an aligned SPF fail counts against it.
 */
export function verdictOf(r: { dmarc: string; alignedDkim: boolean; spf: string; spfAligned: boolean }): SenderAuthVerdict {
  if (r.dmarc === "pass") return "pass";
  if (r.dmarc === "fail") return "fail";
  if (r.alignedDkim || (r.spf === "pass" && r.spfAligned)) return "pass";
  if (r.spf === "fail" && r.spfAligned) return "fail";
  return "none";
}

/** Relaxed alignment: the same domain, or one a subdomain of the other. */
function aligned(a: string | undefined, b: string): boolean {
  if (!a) return false;
  const x = a.toLowerCase();
  return x === b || x.endsWith(`.${b}`) || b.endsWith(`.${x}`);
}

function resolverFor(servers: string[] | undefined) {
  if (!servers?.length) return undefined;
  const resolver = new dns.Resolver({ timeout: 3000, tries: 2 });
  resolver.setServers(servers);
  return (name: string, rrtype: string) => resolver.resolve(name, rrtype);
}

/**
 * The result travels with the stored raw message as its first header line, so a re-run after a crash
 * sees the same result. It is MACed with a key of this deployment over the bytes that follow: a
 * sender (or an IMAP mailbox) cannot forge one.
 */
const STAMP = "X-Switchboard-Auth: ";
export const AUTH_KEY_PURPOSE = "email-sender-auth";

export function stampAuthentication(key: Buffer, auth: SenderAuthentication, raw: Buffer): Buffer {
  const payload = Buffer.from(JSON.stringify(auth)).toString("base64url");
  return Buffer.concat([Buffer.from(`${STAMP}${payload}.${mac(key, payload, raw)}\r\n`), raw]);
}

/** The stamped result and the message without the stamp; auth is null when there is none or it does not verify. */
export function readAuthentication(key: Buffer, stamped: Buffer): { auth: SenderAuthentication | null; raw: Buffer } {
  if (!stamped.subarray(0, STAMP.length).equals(Buffer.from(STAMP))) return { auth: null, raw: stamped };
  const end = stamped.indexOf("\r\n");
  if (end < 0) return { auth: null, raw: stamped };
  const rest = stamped.subarray(end + 2);
  const [payload = "", given = ""] = stamped.subarray(STAMP.length, end).toString("latin1").split(".");
  const expected = Buffer.from(mac(key, payload, rest));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return { auth: null, raw: rest };
  try {
    return { auth: JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as SenderAuthentication, raw: rest };
  } catch {
    return { auth: null, raw: rest };
  }
}

function mac(key: Buffer, payload: string, raw: Buffer): string {
  const digest = createHash("sha256").update(raw).digest("hex");
  return createHmac("sha256", key).update(`${payload}.${digest}`).digest("base64url");
}
