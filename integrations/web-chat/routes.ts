import express, { type NextFunction, type Request, type Response, type Router } from "express";
import { z } from "zod";
import type { InboxRuntime } from "~/integrations/core/types.ts";
import type { HostInfrastructure, HostWith } from "~/integrations/core/host.ts";
import { readConfig, type WebChatConfig } from "./config.ts";
import { cleanFilename, detectFileType, fileHeaders, MAX_VISITOR_FILE_BYTES, VISITOR_FILE_TYPES } from "./files.ts";
import { enforce, RateLimitedError } from "./limits.ts";
import { fromHistory, providerIdFor, type WidgetMessage } from "./messages.ts";
import { originAllowed } from "./origin.ts";
import { TEMPORARILY_UNAVAILABLE, visitorNamespace, visitorRoom, VisitorError } from "./socket.ts";
import { newVisitorId, issueToken, TOKEN_PURPOSE, verifyFileUrl, verifyToken } from "./visitor-token.ts";
import { staticAssetRoutes, widgetPage } from "./widget-page.ts";

const TOKEN_HEADER = "x-visitor-token";
const sessionSchema = z.object({ token: z.string().max(200).optional() });
const profileSchema = z.object({
  name: z.string().trim().max(100).optional(),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email("Enter a valid email address")),
});
/** A short caption sent with a file (`?text=`); longer text belongs in a message. */
const captionSchema = z
  .string()
  .max(1000, "A file's caption may be at most 1000 characters")
  .transform((t) => t.trim());
const clientIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "clientId must be 8–64 letters, digits, _ or -");

type Handler = (req: Request, res: Response) => Promise<void>;
const wrap = (fn: Handler) => (req: Request, res: Response, next: NextFunction) => void fn(req, res).catch(next);

/** The widget's public HTTP surface: page, loader, assets, session, files and the profile form. */
export function webChatRoutes(host: HostWith<"inbound" | "identities" | "visitors">): Router {
  const key = host.signingKey(TOKEN_PURPOSE);
  const router = express.Router();
  const json = express.json({ limit: "8kb" });

  async function chatInbox(req: Request): Promise<InboxRuntime<WebChatConfig>> {
    const inbox = await host.getInbox(String(req.params.inboxId));
    if (inbox?.kind !== "web_chat") throw new VisitorError("Unknown chat", 404);
    return { ...inbox, config: readConfig(inbox.config) };
  }

  /** A widget API call: our own origin, a known enabled inbox and a valid visitor token. */
  async function visitorRequest(req: Request) {
    if (!originAllowed(host.publicUrl, req.get("origin"), req.get("host"))) throw new VisitorError("This page may not use the chat", 403);
    const inbox = await chatInbox(req);
    if (!inbox.enabled) throw new VisitorError("This chat is currently unavailable", 503);
    const visitorId = verifyToken(key, inbox.id, req.get(TOKEN_HEADER));
    if (!visitorId) throw new VisitorError("Your chat session is not valid: reload the page", 401);
    return { inbox, visitorId };
  }

  staticAssetRoutes(router);

  router.get(
    "/widget/:inboxId",
    wrap(async (req, res) => {
      const inbox = await chatInbox(req);
      widgetPage(res, inbox, await host.visitors.closedUntil(inbox.id));
    }),
  );

  router.post(
    "/widget/:inboxId/session",
    json,
    wrap(async (req, res) => {
      if (!originAllowed(host.publicUrl, req.get("origin"), req.get("host"))) throw new VisitorError("This page may not use the chat", 403);
      const inbox = await chatInbox(req);
      if (!inbox.enabled) throw new VisitorError("This chat is currently unavailable", 503);
      const { token } = sessionSchema.parse(req.body ?? {});
      const existing = verifyToken(key, inbox.id, token);
      if (existing) return void res.json({ token, visitorId: existing, resumed: true });
      // A lost or forged token simply starts a new visitor; minting visitors is what the IP limit caps.
      await enforce(host, [["newVisitorPerIp", req.ip ?? "unknown"]]);
      const visitorId = newVisitorId();
      res.status(201).json({ token: issueToken(key, inbox.id, visitorId), visitorId, resumed: false });
    }),
  );

  router.post(
    "/widget/:inboxId/profile",
    json,
    wrap(async (req, res) => {
      const { visitorId } = await visitorRequest(req);
      const input = profileSchema.parse(req.body ?? {});
      await enforce(host, [["profilePerVisitor", visitorId]]);
      await host.identities.linkIdentity(
        { kind: "chat_visitor", address: visitorId },
        { kind: "email", address: input.email },
        input.name || undefined,
      );
      res.json({ ok: true });
    }),
  );

  // Identify and rate-limit the visitor before reading up to 10 MB of body.
  const authorizeUpload = (req: Request, res: Response, next: NextFunction) => {
    visitorRequest(req)
      .then(async (visitor) => {
        await enforce(host, [
          ["uploadPerVisitor", visitor.visitorId],
          ["uploadPerIp", req.ip ?? "unknown"],
        ]);
        res.locals.visitor = visitor;
        next();
      })
      .catch(next);
  };

  router.post(
    "/widget/:inboxId/upload",
    authorizeUpload,
    express.raw({ type: () => true, limit: MAX_VISITOR_FILE_BYTES }),
    wrap(async (req, res) => {
      const { inbox, visitorId } = res.locals.visitor as { inbox: InboxRuntime<WebChatConfig>; visitorId: string };
      const clientId = clientIdSchema.parse(req.query.clientId);
      const content = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (content.length === 0) throw new VisitorError("The file is empty");
      const contentType = await detectFileType(content);
      if (!VISITOR_FILE_TYPES.has(contentType)) {
        throw new VisitorError("This type of file cannot be sent here: send an image, a PDF, a text or an Office document", 415);
      }
      const filename = cleanFilename(req.query.filename, contentType);
      const caption = captionSchema.parse(req.query.text ?? "");
      const result = await host.inbound.ingest(inbox.id, {
        providerMessageId: providerIdFor(visitorId, clientId),
        from: { kind: "chat_visitor", address: visitorId },
        subject: caption ? undefined : filename,
        text: caption,
        attachments: [{ filename, contentType, content }],
        threading: { threadKey: visitorId },
      });
      const recent = await host.visitors.history(inbox.id, visitorId, { limit: 20 });
      const stored = recent.messages.find((m) => m.id === result.messageId);
      const message: WidgetMessage = stored
        ? fromHistory(key, inbox.id, visitorId, stored)
        : {
            id: result.messageId,
            direction: "inbound",
            text: caption,
            createdAt: new Date().toISOString(),
            authorName: null,
            clientId,
            attachments: [],
            survey: null,
          };
      if (!result.duplicate) visitorNamespace(host)?.to(visitorRoom(inbox.id, visitorId)).emit("message:created", message);
      res.status(result.duplicate ? 200 : 201).json({ message });
    }),
  );

  router.get(
    "/widget/:inboxId/files/:attachmentId",
    wrap(async (req, res) => {
      const inboxId = String(req.params.inboxId);
      const attachmentId = String(req.params.attachmentId);
      const visitorId = verifyFileUrl(key, inboxId, attachmentId, req.query);
      if (!visitorId) throw new VisitorError("This link is invalid or has expired: reopen the chat", 403);
      const file = await host.visitors.attachment(inboxId, visitorId, attachmentId);
      if (!file) throw new VisitorError("File not found", 404);
      const content = await file.read();
      res.set(fileHeaders(file)).send(content);
    }),
  );

  router.use("/widget", widgetErrors(host));
  return router;
}

const CODES: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
  503: "unavailable",
};

function widgetErrors(host: HostInfrastructure) {
  return (error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = error as { status?: number; type?: string; message?: string };
    let status = 500;
    let message = "Something went wrong. Please try again.";
    if (error instanceof RateLimitedError) {
      status = 429;
      message = error.message;
      res.setHeader("Retry-After", String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
    } else if (error instanceof VisitorError) {
      status = error.status;
      message = error.message;
    } else if (error instanceof z.ZodError) {
      status = 400;
      message = error.issues[0]?.message ?? "Invalid request";
    } else if (e.type === "entity.too.large") {
      status = 413;
      message = `The file is too large (at most ${MAX_VISITOR_FILE_BYTES / 1024 / 1024} MB)`;
    } else if (e.type === "entity.parse.failed") {
      status = 400;
      message = "Malformed JSON body";
    } else if (host.isTemporaryFailure(error)) {
      status = 503;
      message = TEMPORARILY_UNAVAILABLE;
      res.setHeader("Retry-After", "5");
      host.log.warn(`web chat request: ${(error as Error)?.message?.split("\n").at(-1) ?? error}`);
    } else {
      host.log.error(`web chat request failed: ${(error as Error)?.stack ?? String(error)}`);
    }
    res.status(status).json({ error: { code: CODES[status] ?? "internal", message } });
  };
}
