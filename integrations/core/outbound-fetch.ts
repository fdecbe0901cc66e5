import { type LookupAddress, lookup as dnsLookup, promises as dnsPromises } from "node:dns";
import http from "node:http";
import https from "node:https";
import { BlockList, isIP, type LookupFunction } from "node:net";
import { envFlag } from "./env-flag.ts";

/**
 * The one way to fetch a URL that came from outside (a provider's webhook, a customer): issue 17,
 * finding 9. A signed webhook is no reason to trust the URL it names, so the URL must start at an origin
 * the caller names, may redirect only to named hosts over https, and may never reach loopback, private
 * or link-local addresses (cloud metadata, the database, the admin port) unless
 * OUTBOUND_FETCH_ALLOW_PRIVATE is set, which tests need for their local fakes.
 * Addresses are checked in the socket's own DNS lookup, so a name cannot resolve to a public address for
 * the check and to a private one for the connection.
 */
export interface OutboundFetchPolicy {
  /** Origins the URL may start at, scheme included ("https://api.twilio.com"). */
  origins: string[];
  /** Hosts a redirect may lead to, over https only: "cdn.example.com", or ".example.com" for its subdomains. */
  redirectHosts?: string[];
  maxBytes: number;
  timeoutMs: number;
  /** Headers (credentials) sent to the URL's own origin only, never to a redirect target elsewhere. */
  headers?: Record<string, string>;
  /** Defaults to the OUTBOUND_FETCH_ALLOW_PRIVATE environment flag. */
  allowPrivate?: boolean;
  /** GET unless said; a POST sends `body` (outgoing webhooks). */
  method?: "GET" | "POST";
  body?: string | Buffer;
  /** false: a redirect is returned as the response instead of followed (a POST is never re-sent elsewhere). */
  followRedirects?: boolean;
}

export interface OutboundResponse {
  status: number;
  /** Lower-cased header name → value. */
  header(name: string): string | null;
  body: Buffer;
}

export type OutboundFetchFailure = "refused" | "too_large" | "timeout" | "network";

export class OutboundFetchError extends Error {
  constructor(
    readonly reason: OutboundFetchFailure,
    message: string,
  ) {
    super(message);
  }
}

const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const blocked = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["224.0.0.0", 3],
] as const) {
  blocked.addSubnet(net, prefix, "ipv4");
}
for (const [net, prefix] of [
  ["::", 127],
  ["fc00::", 7],
  ["fe80::", 10],
  ["ff00::", 8],
] as const) {
  blocked.addSubnet(net, prefix, "ipv6");
}

/** Loopback, private, link-local, shared, multicast or unspecified: nothing a provider's URL may reach. */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, "ipv4");
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? "ipv4" : "ipv6");
}

export const allowPrivateFromEnv = () => envFlag(false).parse(process.env.OUTBOUND_FETCH_ALLOW_PRIVATE);

/** GET (or POST) `url` under `policy`; the body is read up to `maxBytes`, following allowed redirects. */
export async function outboundFetch(url: string, policy: OutboundFetchPolicy): Promise<OutboundResponse> {
  const allowPrivate = policy.allowPrivate ?? allowPrivateFromEnv();
  const signal = AbortSignal.timeout(policy.timeoutMs);
  const start = parse(url);
  if (!policy.origins.some((o) => new URL(o).origin === start.origin)) {
    throw new OutboundFetchError("refused", `${start.origin} is not an allowed origin for this fetch`);
  }
  let current = start;
  for (let hop = 0; ; hop++) {
    checkAddressLiteral(current, allowPrivate);
    const headers = current.origin === start.origin ? policy.headers : undefined;
    const answer = await requestOnce(current, {
      headers,
      signal,
      allowPrivate,
      maxBytes: policy.maxBytes,
      timeoutMs: policy.timeoutMs,
      method: policy.method ?? "GET",
      body: policy.body,
      followRedirects: policy.followRedirects ?? true,
    });
    if (!("location" in answer)) return answer;
    if (hop >= MAX_REDIRECTS) throw new OutboundFetchError("refused", `more than ${MAX_REDIRECTS} redirects`);
    const next = parse(answer.location, current);
    if (next.origin !== start.origin && !(next.protocol === "https:" && hostMatches(next.hostname, policy.redirectHosts ?? []))) {
      throw new OutboundFetchError("refused", `redirect to ${next.origin} is not allowed`);
    }
    current = next;
  }
}

/**
 * Checks, before a URL is stored (an outgoing webhook's target), that it is http(s) without
 * credentials and that its host resolves to public addresses only. The fetch checks again on every
 * connection, so a name that changes its answer later is still refused.
 */
export async function checkUrlTarget(raw: string, allowPrivate = allowPrivateFromEnv()): Promise<URL> {
  const url = parse(raw);
  checkAddressLiteral(url, allowPrivate);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (allowPrivate || isIP(host)) return url;
  let addresses: LookupAddress[];
  try {
    addresses = await dnsPromises.lookup(host, { all: true });
  } catch {
    throw new OutboundFetchError("refused", `${host} does not resolve`);
  }
  if (addresses.some((a) => isPrivateAddress(a.address))) {
    throw new OutboundFetchError("refused", `${host} resolves to a private or loopback address`);
  }
  return url;
}

function parse(raw: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    throw new OutboundFetchError("refused", "not a valid URL");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    throw new OutboundFetchError("refused", `${url.protocol} URLs are not fetched`);
  if (url.username || url.password) throw new OutboundFetchError("refused", "URLs with credentials are not fetched");
  return url;
}

const hostMatches = (host: string, allowed: string[]) =>
  allowed.some((h) => (h.startsWith(".") ? host.endsWith(h) && host.length > h.length : host === h));

/** The socket skips DNS for an address literal, so it is checked here. */
function checkAddressLiteral(url: URL, allowPrivate: boolean) {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!allowPrivate && isIP(host) && isPrivateAddress(host)) {
    throw new OutboundFetchError("refused", `${host} is a private or loopback address`);
  }
}

function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, "", 0);
      const bad = allowPrivate ? undefined : addresses.find((a) => isPrivateAddress(a.address));
      if (bad) return callback(new OutboundFetchError("refused", `${hostname} resolves to a private or loopback address`), "", 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), "", 0);
      callback(null, first.address, first.family);
    });
  };
}

interface RequestOptions {
  headers: Record<string, string> | undefined;
  signal: AbortSignal;
  allowPrivate: boolean;
  maxBytes: number;
  timeoutMs: number;
  method: "GET" | "POST";
  body: string | Buffer | undefined;
  followRedirects: boolean;
}

function requestOnce(url: URL, opts: RequestOptions): Promise<OutboundResponse | { location: string }> {
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      if (error instanceof OutboundFetchError) return reject(error);
      const cause = (error as { cause?: unknown }).cause;
      if (cause instanceof OutboundFetchError) return reject(cause);
      if (opts.signal.aborted) return reject(new OutboundFetchError("timeout", `no answer within ${Math.round(opts.timeoutMs / 1000)} s`));
      reject(new OutboundFetchError("network", error.message));
    };
    const client = url.protocol === "https:" ? https : http;
    const req = client.request(url, {
      method: opts.method,
      headers: opts.headers,
      signal: opts.signal,
      lookup: guardedLookup(opts.allowPrivate),
      agent: false,
    });
    req.on("error", fail);
    req.on("response", (res) => {
      res.on("error", fail);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (REDIRECTS.has(status) && location && opts.followRedirects) {
        res.resume();
        return resolve({ location });
      }
      if (Number(res.headers["content-length"] ?? 0) > opts.maxBytes) {
        res.destroy();
        return reject(new OutboundFetchError("too_large", `larger than ${opts.maxBytes} bytes`));
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > opts.maxBytes) {
          res.destroy();
          return reject(new OutboundFetchError("too_large", `larger than ${opts.maxBytes} bytes`));
        }
        chunks.push(chunk);
      });
      res.on("end", () => {
        const headers = res.headers;
        resolve({
          status,
          header: (name) => {
            const value = headers[name.toLowerCase()];
            return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
          },
          body: Buffer.concat(chunks),
        });
      });
    });
    req.end(opts.body);
  });
}
