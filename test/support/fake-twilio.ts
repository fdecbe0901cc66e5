import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import twilio from "twilio";

/**
 * A local stand-in for Twilio: the Messages REST endpoints (what `client.messages.create` and
 * `client.messages.list` call), injected faults (5xx before accepting, accepting then never
 * answering, never answering at all), media URLs behind HTTP basic auth (including one that never answers and one that serves an HTML
 * error page), and a way to call our webhooks signed exactly as Twilio signs them.
 */
export interface CreatedMessage {
  sid: string;
  to: string;
  from?: string;
  messagingServiceSid?: string;
  body?: string;
  statusCallback?: string;
  mediaUrl: string[];
  dateCreated: Date;
}

/**
 * What one Messages.json call does: answer normally, fail with a 5xx before creating anything,
 * create the message and then never answer (the caller times out), or never answer at all.
 */
export type TwilioFault = "ok" | "5xx" | "accept-then-hang" | "hang";

export interface RecordedRequest {
  method: string;
  path: string;
  authorized: boolean;
}

export interface FakeTwilio {
  url: string;
  accountSid: string;
  authToken: string;
  messages: CreatedMessage[];
  requests: RecordedRequest[];
  /** Recipients Twilio refuses with 21610 (they replied STOP). */
  optedOut: Set<string>;
  /** The next Messages.json call answers with this HTTP status and Twilio error code instead. */
  failNext(status: number, code?: number): void;
  /** Decides each later create call's fate (and, with "5xx", a list call's); null: back to normal. */
  setFaults(pick: ((call: "create" | "list") => TwilioFault) | null): void;
  /** A media URL (requires basic auth) serving these bytes. */
  addMedia(contentType: string, body: Buffer): string;
  /** A media URL that accepts the connection and never answers. */
  hangingMediaUrl(): string;
  /** A media URL that answers 200 with an HTML page, as a misconfigured proxy would. */
  htmlMediaUrl(): string;
  /**
   * Before answering the next Messages.json call, post this status callback to the message's
   * StatusCallback, as Twilio can when a message moves faster than the create call returns.
   * Callback URLs under `publicUrl` are reached at `internalUrl`. Resolves the callback's HTTP status.
   */
  callbackBeforeAnswer(status: string, route: { publicUrl: string; internalUrl: string }): Promise<number>;
  /** POST a form to one of our webhooks with a valid X-Twilio-Signature (or the one given). */
  postWebhook(url: string, params: Record<string, string>, opts?: { signature?: string; signedUrl?: string }): Promise<Response>;
  close(): Promise<void>;
}

export function sid(prefix: string): string {
  return prefix + randomBytes(16).toString("hex");
}

export async function startFakeTwilio(opts: { accountSid?: string; authToken?: string } = {}): Promise<FakeTwilio> {
  const accountSid = opts.accountSid ?? sid("AC");
  const authToken = opts.authToken ?? randomBytes(16).toString("hex");
  const messages: CreatedMessage[] = [];
  const requests: RecordedRequest[] = [];
  const optedOut = new Set<string>();
  const media = new Map<string, { contentType: string; body: Buffer }>();
  const failures: { status: number; code?: number }[] = [];
  let faults: ((call: "create" | "list") => TwilioFault) | null = null;
  const early: { status: string; publicUrl: string; internalUrl: string; done: (status: number) => void }[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error) => json(res, 500, { message: String(error) }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? "/", "http://fake").pathname;
    const authorized = req.headers.authorization === expectedAuth;
    requests.push({ method: req.method ?? "", path, authorized });
    if (!authorized) return json(res, 401, { code: 20003, message: "Authenticate", status: 401 });

    if (req.method === "POST" && path === `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
      return await createMessage(new URLSearchParams(await readBody(req)), res);
    }
    if (req.method === "GET" && path === `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
      return listMessages(new URL(req.url ?? "/", "http://fake").searchParams, res);
    }
    // The account itself (an inbox's "Test connection").
    if (req.method === "GET" && path === `/2010-04-01/Accounts/${accountSid}.json`) {
      return json(res, 200, { sid: accountSid, friendly_name: "Fake Twilio account", status: "active", type: "Full" });
    }
    if (req.method === "GET" && path.endsWith("/hang")) return; // never answers
    if (req.method === "GET" && path.endsWith("/html")) {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return res.end("<!DOCTYPE html><html><body>Service temporarily unavailable</body></html>");
    }
    const item = req.method === "GET" ? media.get(path) : undefined;
    if (!item) return json(res, 404, { code: 20404, message: "Not found", status: 404 });
    res.writeHead(200, { "content-type": item.contentType, "content-length": item.body.length });
    res.end(item.body);
  }

  function listMessages(query: URLSearchParams, res: ServerResponse) {
    if (faults?.("list") === "5xx") return json(res, 503, { code: 20500, message: "Injected failure", status: 503 });
    const to = query.get("To");
    const from = query.get("From");
    const pageSize = Number(query.get("PageSize") ?? 50);
    // Newest first, as Twilio lists them.
    const found = messages
      .filter((m) => (!to || m.to === to) && (!from || m.from === from))
      .reverse()
      .slice(0, pageSize);
    json(res, 200, {
      messages: found.map(resource),
      page: 0,
      page_size: pageSize,
      first_page_uri: `/2010-04-01/Accounts/${accountSid}/Messages.json?PageSize=${pageSize}&Page=0`,
      next_page_uri: null,
      previous_page_uri: null,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages.json?PageSize=${pageSize}&Page=0`,
    });
  }

  function resource(message: CreatedMessage) {
    return {
      sid: message.sid,
      account_sid: accountSid,
      to: message.to,
      from: message.from ?? null,
      messaging_service_sid: message.messagingServiceSid ?? null,
      body: message.body ?? "",
      direction: "outbound-api",
      status: message.messagingServiceSid ? "accepted" : "queued",
      num_segments: "1",
      num_media: String(message.mediaUrl.length),
      date_created: message.dateCreated.toUTCString(),
      error_code: null,
      error_message: null,
    };
  }

  async function createMessage(form: URLSearchParams, res: ServerResponse) {
    const failure = failures.shift();
    if (failure) return json(res, failure.status, { code: failure.code, message: "Injected failure", status: failure.status });
    const fault = faults?.("create") ?? "ok";
    if (fault === "5xx") return json(res, 500, { code: 20500, message: "Injected failure", status: 500 });
    if (fault === "hang") return; // never answers, creates nothing
    const to = form.get("To") ?? "";
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return json(res, 400, { code: 21211, message: `Invalid 'To' Phone Number: ${to}`, status: 400 });
    if (optedOut.has(to)) return json(res, 400, { code: 21610, message: "Attempt to send to unsubscribed recipient", status: 400 });
    const message: CreatedMessage = {
      sid: sid("SM"),
      to,
      from: form.get("From") ?? undefined,
      messagingServiceSid: form.get("MessagingServiceSid") ?? undefined,
      body: form.get("Body") ?? undefined,
      statusCallback: form.get("StatusCallback") ?? undefined,
      mediaUrl: form.getAll("MediaUrl"),
      dateCreated: new Date(),
    };
    messages.push(message);
    if (fault === "accept-then-hang") return; // created, but the answer never comes
    const callback = early.shift();
    if (callback && message.statusCallback) {
      const target = message.statusCallback.replace(callback.publicUrl, callback.internalUrl);
      const params = { AccountSid: accountSid, MessageSid: message.sid, MessageStatus: callback.status, To: to };
      const answer = await post(target, params, { signedUrl: message.statusCallback });
      callback.done(answer.status);
    }
    json(res, 201, resource(message));
  }

  function post(target: string, params: Record<string, string>, o: { signature?: string; signedUrl?: string } = {}) {
    const signature = o.signature ?? twilio.getExpectedTwilioSignature(authToken, o.signedUrl ?? target, params);
    return fetch(target, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded; charset=UTF-8", "x-twilio-signature": signature },
      body: new URLSearchParams(params).toString(),
    });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mediaBase = `/2010-04-01/Accounts/${accountSid}/Messages/${sid("MM")}/Media`;

  return {
    url,
    accountSid,
    authToken,
    messages,
    requests,
    optedOut,
    failNext: (status, code) => void failures.push({ status, code }),
    setFaults: (pick) => {
      faults = pick;
    },
    addMedia(contentType, body) {
      const path = `${mediaBase}/${sid("ME")}`;
      media.set(path, { contentType, body });
      return `${url}${path}`;
    },
    hangingMediaUrl: () => `${url}${mediaBase}/${sid("ME")}/hang`,
    htmlMediaUrl: () => `${url}${mediaBase}/${sid("ME")}/html`,
    callbackBeforeAnswer: (status, route) => new Promise((done) => void early.push({ status, ...route, done })),
    postWebhook: post,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
