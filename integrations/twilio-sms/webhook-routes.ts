import { createHash } from "node:crypto";
import express, { type NextFunction, type Request, type Response, type Router } from "express";
import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { HostInfrastructure, HostWith } from "~/integrations/core/host.ts";
import type { TwilioSmsConfig } from "./config.ts";
import { InboundSmsError } from "./inbound.ts";
import { parseForm, processIncomingSms, processStatusCallback } from "./process-webhook.ts";
import { verifyTwilioSignature } from "./signature.ts";
import { parseStatusCallback } from "./status.ts";

/** A Twilio webhook is a few kilobytes; anything past this is not Twilio. */
export const MAX_WEBHOOK_BYTES = 64 * 1024;
const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface VerifiedRequest {
  inbox: InboxRuntime<TwilioSmsConfig>;
  params: Record<string, string>;
  raw: Buffer;
}

/**
 * Both webhooks start the same way: a known Twilio inbox, a form body within the size limit, and a
 * valid X-Twilio-Signature computed over PUBLIC_URL + the path Twilio called. Nothing is read from the
 * body, let alone stored, before the signature checks out.
 */
async function verify(host: HostInfrastructure, req: Request): Promise<VerifiedRequest> {
  const inboxId = String(req.params.inboxId);
  const inbox = await host.getInbox<TwilioSmsConfig>(inboxId, { cached: true });
  if (inbox?.kind !== "twilio_sms") throw new HttpError(404, "Unknown inbox");
  if (!req.is("application/x-www-form-urlencoded")) throw new HttpError(415, "Expected a form-encoded body");
  const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const params = parseForm(raw);
  const ok = verifyTwilioSignature({
    authToken: inbox.config.authToken,
    signature: req.get("x-twilio-signature"),
    publicUrl: host.publicUrl,
    path: req.originalUrl,
    params,
  });
  if (!ok) throw new HttpError(403, "Invalid or missing X-Twilio-Signature");
  // Twilio does not retry SMS webhooks: a 503 leaves the message visible in Twilio's logs.
  if (!inbox.enabled) throw new HttpError(503, "This inbox is disabled");
  return { inbox, params, raw };
}

/** Records the outcome of a persisted raw event, whatever the handler did. */
async function withRawEvent<T>(host: HostWith<"inbound">, inboxId: string, eventId: string, raw: Buffer, run: () => Promise<T>) {
  const event = await host.inbound.persistRawEvent(inboxId, eventId, raw);
  try {
    const result = await run();
    // Not awaited: the message is stored, and an event left pending by a crash is replayed as a
    // duplicate no-op; the host writes these marks in groups (issue 18).
    host.inbound
      .markRawEvent(event.id, { ok: true })
      .catch((err) => host.log.warn(`twilio: could not mark raw event ${event.id} done: ${(err as Error).message}`));
    return result;
  } catch (error) {
    // The processing error is what the caller needs; a failure to record it is only logged.
    await host.inbound
      .markRawEvent(event.id, { ok: false, error: (error as Error).message })
      .catch((err) => host.log.warn(`twilio: could not mark raw event ${event.id} failed: ${(err as Error).message}`));
    throw error;
  }
}

async function incoming(host: HostWith<"inbound" | "identities">, req: Request, res: Response) {
  const { inbox, params, raw } = await verify(host, req);
  const eventId = `sms:${params.MessageSid || createHash("sha256").update(raw).digest("hex")}`;
  await withRawEvent(host, inbox.id, eventId, raw, () => processIncomingSms(host, inbox, params));
  res.status(200).type("text/xml").send(EMPTY_TWIML);
}

async function status(host: HostWith<"inbound">, req: Request, res: Response) {
  const { inbox, params, raw } = await verify(host, req);
  const parsed = parseStatusCallback(params);
  if (!parsed) throw new HttpError(400, "MessageSid and MessageStatus are required");
  if (params.AccountSid && params.AccountSid !== inbox.config.accountSid) throw new HttpError(400, "AccountSid does not match this inbox");
  const eventId = `status:${parsed.messageSid}:${(params.MessageStatus || params.SmsStatus).toLowerCase()}`;
  await withRawEvent(host, inbox.id, eventId, raw, () => processStatusCallback(host, inbox, params));
  res.status(200).type("text/xml").send(EMPTY_TWIML);
}

export function twilioWebhookRouter(host: HostWith<"inbound" | "identities">): Router {
  const router = express.Router();
  const body = express.raw({ type: () => true, limit: MAX_WEBHOOK_BYTES });
  router.post("/webhooks/twilio/:inboxId/sms", body, (req, res) => incoming(host, req, res));
  router.post("/webhooks/twilio/:inboxId/status", body, (req, res) => status(host, req, res));
  router.use("/webhooks/twilio", (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const e = error as { status?: number; statusCode?: number; type?: string; message?: string };
    if (e.type === "entity.too.large") return void res.status(413).type("text/plain").send("Request body is too large");
    const code = error instanceof HttpError || error instanceof InboundSmsError ? error.status : (e.status ?? e.statusCode);
    if (code && code >= 400 && code < 500)
      return void res
        .status(code)
        .type("text/plain")
        .send(e.message ?? "Bad request");
    if (code === 503) return void res.status(503).type("text/plain").send(e.message);
    // The server's error handler answers the rest: 503 + Retry-After while the database is
    // unreachable (so the webhook is retried, not lost), a logged 500 otherwise.
    next(error);
  });
  return router;
}
