import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for Slack on port 0: the Web API methods Switchboard calls (recorded with their
 * parameters), private file downloads that require the bot token, a 429 + Retry-After mode, and
 * helpers that sign and deliver Events API / interactivity requests exactly as Slack does.
 */
export interface SlackCall {
  method: string;
  params: Record<string, string>;
  authorization: string | undefined;
}

export interface FakeSlackUser {
  id: string;
  team: string;
  name: string;
  email?: string;
  isBot?: boolean;
  /** A single-channel guest of the host workspace (Slack's is_ultra_restricted). */
  guest?: boolean;
}

export interface FakeSlack {
  /** Base for the inbox's `apiUrl` config. */
  apiUrl: string;
  url: string;
  botToken: string;
  botUserId: string;
  teamId: string;
  calls: SlackCall[];
  callsTo(method: string): SlackCall[];
  addUser(user: FakeSlackUser): void;
  /** A message Slack holds in a channel (returned by conversations.replies). */
  addMessage(channel: string, message: Record<string, unknown> & { ts: string }): void;
  /** Serve a private file; returns its url_private_download. */
  addFile(id: string, content: Buffer, contentType: string): string;
  fileDownloads: { id: string; authorization: string | undefined }[];
  /** The next `times` calls to `method` get HTTP 429 with Retry-After: retryAfterSec. */
  rateLimit(method: string, retryAfterSec: number, times?: number): void;
  /** The next call to `method` fails with Slack error `error` (HTTP 200, ok:false). */
  failNext(method: string, error: string): void;
  close(): Promise<void>;
}

export async function startFakeSlack(opts: { botToken?: string } = {}): Promise<FakeSlack> {
  const botToken = opts.botToken ?? "xoxb-fake-bot-token";
  const users = new Map<string, FakeSlackUser>();
  const messages = new Map<string, Record<string, unknown>>();
  const files = new Map<string, { content: Buffer; contentType: string }>();
  const rateLimits = new Map<string, { retryAfterSec: number; times: number }>();
  const failures = new Map<string, string>();
  const calls: SlackCall[] = [];
  const fileDownloads: FakeSlack["fileDownloads"] = [];
  let seq = 0;
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++seq).padStart(6, "0")}`;

  const api = (method: string, params: Record<string, string>): Record<string, unknown> => {
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://fake.slack.com/",
          team: "Fake",
          user: "switchboard",
          team_id: "THOST",
          user_id: "UBOT",
          bot_id: "BBOT",
        };
      case "users.info": {
        const u = users.get(params.user ?? "");
        if (!u) return { ok: false, error: "user_not_found" };
        const profile: Record<string, unknown> = { display_name: u.name, real_name: u.name };
        if (u.email) profile.email = u.email;
        return {
          ok: true,
          user: {
            id: u.id,
            team_id: u.team,
            name: u.name.toLowerCase(),
            real_name: u.name,
            is_bot: Boolean(u.isBot),
            is_restricted: Boolean(u.guest),
            is_ultra_restricted: Boolean(u.guest),
            profile,
          },
        };
      }
      case "users.lookupByEmail": {
        const u = [...users.values()].find((x) => x.email?.toLowerCase() === (params.email ?? "").toLowerCase());
        return u
          ? { ok: true, user: { id: u.id, team_id: u.team, name: u.name.toLowerCase(), profile: { email: u.email } } }
          : { ok: false, error: "users_not_found" };
      }
      case "chat.postMessage": {
        const ts = nextTs();
        return { ok: true, channel: params.channel, ts, message: { text: params.text, ts, bot_id: "BBOT", user: "UBOT" } };
      }
      case "conversations.replies": {
        const root = messages.get(`${params.channel}:${params.ts}`);
        return root ? { ok: true, messages: [root], has_more: false } : { ok: false, error: "thread_not_found" };
      }
      case "chat.postEphemeral":
        return { ok: true, message_ts: nextTs() };
      case "chat.update":
        return { ok: true, channel: params.channel, ts: params.ts };
      default:
        return { ok: false, error: "unknown_method" };
    }
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const body = await readBody(req);
    const fileMatch = /^\/files\/([^/]+)\/download$/.exec(url.pathname);
    if (req.method === "GET" && fileMatch) {
      const id = decodeURIComponent(fileMatch[1]!);
      fileDownloads.push({ id, authorization: req.headers.authorization });
      const file = files.get(id);
      // Slack answers an unauthenticated private download with its login page, not the file.
      if (!file || req.headers.authorization !== `Bearer ${botToken}`) return send(res, 404, "text/html", "<html>sign in</html>");
      return send(res, 200, file.contentType, file.content);
    }
    const apiMatch = /^\/api\/([\w.]+)$/.exec(url.pathname);
    if (req.method !== "POST" || !apiMatch) return send(res, 404, "text/plain", "not found");
    const method = apiMatch[1]!;
    const params = parseParams(req, body);
    calls.push({ method, params, authorization: req.headers.authorization });
    const limit = rateLimits.get(method);
    if (limit && limit.times > 0) {
      limit.times -= 1;
      res.setHeader("Retry-After", String(limit.retryAfterSec));
      return send(res, 429, "application/json", JSON.stringify({ ok: false, error: "ratelimited" }));
    }
    const token = req.headers.authorization?.replace(/^Bearer /, "") ?? params.token;
    if (token !== botToken) return json(res, { ok: false, error: "invalid_auth" });
    const failure = failures.get(method);
    if (failure) {
      failures.delete(method);
      return json(res, { ok: false, error: failure });
    }
    json(res, api(method, params));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${url}/api/`,
    url,
    botToken,
    botUserId: "UBOT",
    teamId: "THOST",
    calls,
    callsTo: (method) => calls.filter((c) => c.method === method),
    addUser: (user) => void users.set(user.id, user),
    addMessage: (channel, message) => void messages.set(`${channel}:${message.ts}`, { type: "message", ...message }),
    addFile: (id, content, contentType) => {
      files.set(id, { content, contentType });
      return `${url}/files/${encodeURIComponent(id)}/download`;
    },
    fileDownloads,
    rateLimit: (method, retryAfterSec, times = 1) => void rateLimits.set(method, { retryAfterSec, times }),
    failNext: (method, error) => void failures.set(method, error),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The headers Slack adds to every request it sends to an app. */
export function signSlackRequest(signingSecret: string, rawBody: string, timestampSec = Math.floor(Date.now() / 1000)) {
  const signature = `v0=${createHmac("sha256", signingSecret).update(`v0:${timestampSec}:${rawBody}`).digest("hex")}`;
  return { "x-slack-signature": signature, "x-slack-request-timestamp": String(timestampSec) };
}

/** Delivers an Events API payload (JSON) like Slack: signed, with retry headers when asked. */
export async function deliverSlackEvent(
  url: string,
  signingSecret: string,
  payload: unknown,
  opts: { retryNum?: number; timestampSec?: number; signature?: string } = {},
): Promise<Response> {
  const raw = JSON.stringify(payload);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    ...signSlackRequest(signingSecret, raw, opts.timestampSec),
  };
  if (opts.signature) headers["x-slack-signature"] = opts.signature;
  if (opts.retryNum !== undefined) {
    headers["x-slack-retry-num"] = String(opts.retryNum);
    headers["x-slack-retry-reason"] = "http_timeout";
  }
  return fetch(url, { method: "POST", headers, body: raw });
}

/** Delivers an interactivity payload like Slack: form-encoded `payload=<json>`, signed. */
export async function deliverSlackInteraction(url: string, signingSecret: string, payload: unknown): Promise<Response> {
  const raw = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  const headers = { "content-type": "application/x-www-form-urlencoded", ...signSlackRequest(signingSecret, raw) };
  return fetch(url, { method: "POST", headers, body: raw });
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseParams(req: IncomingMessage, body: Buffer): Record<string, string> {
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json")) {
    const parsed = JSON.parse(body.toString("utf8") || "{}") as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
  }
  return Object.fromEntries(new URLSearchParams(body.toString("utf8")));
}

function json(res: ServerResponse, body: unknown) {
  send(res, 200, "application/json; charset=utf-8", JSON.stringify(body));
}

function send(res: ServerResponse, status: number, contentType: string, body: string | Buffer) {
  res.writeHead(status, { "content-type": contentType });
  res.end(body);
}
