import express, { Router, type Request, type Response } from "express";
import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { ChannelHost } from "~/integrations/core/host.ts";
import type { SlackConfig } from "./config.ts";
import { handleInteraction } from "./interactions.ts";
import { processSlackEvent } from "./process-event.ts";
import { checkSlackSignature } from "./verify-signature.ts";

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Slack's two request URLs per inbox, on the main HTTP server. Bolt's receivers assume one app per
 * process; here every inbox has its own signing secret, so the routes use Bolt's signature helper
 * directly on the raw body. Order for events: verify → persist → acknowledge → process.
 */
export function slackRoutes(host: ChannelHost): Router {
  const router = Router();
  // The signature covers the exact bytes, so the body is read raw whatever its content type.
  const raw = express.raw({ type: () => true, limit: "2mb" });
  router.post("/webhooks/slack/:inboxId/events", raw, (req, res) => void onEvent(host, req, res));
  router.post("/webhooks/slack/:inboxId/interactions", raw, (req, res) => void onInteraction(host, req, res));
  return router;
}

async function verified(
  host: ChannelHost,
  req: Request,
  res: Response,
): Promise<{ inbox: InboxRuntime<SlackConfig>; body: Buffer } | null> {
  const inbox = await host.getInbox<SlackConfig>(String(req.params.inboxId), { cached: true });
  if (inbox?.kind !== "slack") {
    res.status(404).json({ error: "No Slack inbox here" });
    return null;
  }
  if (!Buffer.isBuffer(req.body)) {
    // A body parser ran before this router: the signed bytes are gone and nothing can be verified.
    host.log.error("slack webhook: request body was already parsed; mount adapter routes before body parsers");
    res.status(500).json({ error: "Server misconfigured" });
    return null;
  }
  const check = checkSlackSignature({
    signingSecret: inbox.config.signingSecret,
    rawBody: req.body.toString("utf8"),
    signature: req.header("x-slack-signature"),
    timestamp: req.header("x-slack-request-timestamp"),
  });
  if (!check.ok) {
    res.status(401).json({ error: `Invalid Slack signature: ${check.reason}` });
    return null;
  }
  return { inbox, body: req.body };
}

async function onEvent(host: ChannelHost, req: Request, res: Response): Promise<void> {
  try {
    const ok = await verified(host, req, res);
    if (!ok) return;
    const { inbox, body } = ok;
    let envelope: Record<string, unknown>;
    try {
      envelope = JSON.parse(body.toString("utf8")) as Record<string, unknown>;
    } catch {
      res.status(400).json({ error: "Body is not JSON" });
      return;
    }
    if (envelope.type === "url_verification") {
      res.json({ challenge: envelope.challenge });
      return;
    }
    if (envelope.type !== "event_callback" || typeof envelope.event_id !== "string") {
      res.status(200).json({ ok: true, ignored: String(envelope.type) });
      return;
    }
    if (!inbox.enabled) {
      res.status(200).json({ ok: true, ignored: "inbox disabled" });
      return;
    }
    // Retries (X-Slack-Retry-Num) carry the same event_id: the unique raw event makes them no-ops.
    const stored = await host.inbound.persistRawEvent(inbox.id, envelope.event_id, body);
    res.status(200).json({ ok: true });
    if (stored.duplicate) return;
    try {
      const outcome = await processSlackEvent(host, inbox, envelope);
      await host.inbound.markRawEvent(stored.id, { ok: true });
      if (outcome.startsWith("ignored")) host.log.info(`slack event ${envelope.event_id}: ${outcome}`);
    } catch (err) {
      host.log.warn(`slack event ${envelope.event_id} failed: ${errorText(err)}`);
      await host.inbound.markRawEvent(stored.id, { ok: false, error: errorText(err) });
    }
  } catch (err) {
    // Not stored: answer 500 so Slack retries later.
    host.log.warn(`slack event rejected: ${errorText(err)}`);
    if (!res.headersSent) res.status(500).json({ error: "Temporary failure, retry later" });
  }
}

async function onInteraction(host: ChannelHost, req: Request, res: Response): Promise<void> {
  try {
    const ok = await verified(host, req, res);
    if (!ok) return;
    const form = new URLSearchParams(ok.body.toString("utf8"));
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(form.get("payload") ?? "") as Record<string, unknown>;
    } catch {
      res.status(400).json({ error: "Missing or invalid payload field" });
      return;
    }
    // Acknowledge first (3 s limit); results reach the user as messages in the channel.
    res.status(200).end();
    await handleInteraction(host, ok.inbox, payload);
  } catch (err) {
    host.log.warn(`slack interaction failed: ${errorText(err)}`);
    if (!res.headersSent) res.status(500).json({ error: "Temporary failure, retry later" });
  }
}
