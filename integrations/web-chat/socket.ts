import type { Namespace, Server as SocketServer, Socket } from "socket.io";
import { z } from "zod";
import type { HostInfrastructure, HostWith } from "~/integrations/core/host.ts";
import { enforce, RateLimitedError } from "./limits.ts";
import { fromHistory, providerIdFor, type WidgetMessage } from "./messages.ts";
import { originAllowed } from "./origin.ts";
import { TOKEN_PURPOSE, verifyToken } from "./visitor-token.ts";

export type VisitorAck<T> = { ok: true; data: T } | { ok: false; error: string };

export interface VisitorClientEvents {
  "message:send": (p: { clientId: string; text: string }, ack: (a: VisitorAck<WidgetMessage>) => void) => void;
  "history:get": (p: { before?: string }, ack: (a: VisitorAck<{ messages: WidgetMessage[]; hasMore: boolean }>) => void) => void;
  /** The visitor started or stopped typing; agents viewing the conversation see it. */
  "typing:set": (p: { typing: boolean }, ack?: (a: VisitorAck<void>) => void) => void;
}
export interface VisitorServerEvents {
  /** Agent replies (acked by the widget, which marks them delivered) and the visitor's own messages from other tabs. */
  "message:created": (m: WidgetMessage, ack?: () => void) => void;
}
interface VisitorData {
  inboxId: string;
  visitorId: string;
}
export type VisitorNamespace = Namespace<VisitorClientEvents, VisitorServerEvents, Record<string, never>, VisitorData>;
type VisitorSocket = Socket<VisitorClientEvents, VisitorServerEvents, Record<string, never>, VisitorData>;

export const MAX_MESSAGE_LENGTH = 5000;
export const visitorRoom = (inboxId: string, visitorId: string) => `visitor:${inboxId}:${visitorId}`;

const clientId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "clientId must be 8–64 letters, digits, _ or -");
const sendSchema = z.object({
  clientId,
  text: z
    .string()
    .transform((t) => t.trim())
    .pipe(z.string().min(1, "Type a message first").max(MAX_MESSAGE_LENGTH, `A message may be at most ${MAX_MESSAGE_LENGTH} characters`)),
});
const historySchema = z.object({ before: z.string().min(1).max(64).optional() });
const typingSchema = z.object({ typing: z.boolean() });

/**
 * The `/visitor` namespace of each running server, so send() reaches its visitors. Found by host, or
 * by public URL for a host object created later on the same server (a worker built with its own host).
 */
const namespaces = new WeakMap<HostInfrastructure, VisitorNamespace>();
const namespacesByUrl = new Map<string, VisitorNamespace>();
export const visitorNamespace = (host: HostInfrastructure) => namespaces.get(host) ?? namespacesByUrl.get(host.publicUrl) ?? null;

/**
 * Visitors connect to `/visitor` with `auth: { inboxId, token }`. A socket joins its own visitor's
 * room and nothing else, and every read is scoped to that visitor's thread, so no visitor can see
 * another's conversation.
 */
export function registerVisitorNamespace(io: SocketServer, host: HostWith<"inbound" | "visitors">) {
  const nsp = io.of("/visitor") as unknown as VisitorNamespace;
  namespaces.set(host, nsp);
  namespacesByUrl.set(host.publicUrl, nsp);
  const key = host.signingKey(TOKEN_PURPOSE);

  nsp.use(async (socket, next) => {
    try {
      const { headers } = socket.handshake;
      if (!originAllowed(host.publicUrl, headers.origin, headers.host)) return next(new Error("This page may not open the chat"));
      const auth = (socket.handshake.auth ?? {}) as { inboxId?: unknown; token?: unknown };
      const inboxId = typeof auth.inboxId === "string" ? auth.inboxId : "";
      const inbox = inboxId ? await host.getInbox(inboxId) : null;
      if (inbox?.kind !== "web_chat") return next(new Error("Unknown chat"));
      if (!inbox.enabled) return next(new Error("This chat is currently unavailable"));
      const visitorId = verifyToken(key, inboxId, auth.token);
      if (!visitorId) return next(new Error("unauthorized"));
      socket.data = { inboxId, visitorId };
      next();
    } catch (err) {
      host.log.warn(`web chat socket auth failed: ${(err as Error).message}`);
      next(new Error("unavailable"));
    }
  });

  nsp.on("connection", (socket) => {
    void socket.join(visitorRoom(socket.data.inboxId, socket.data.visitorId));
    registerHandlers(host, key, socket);
  });
}

function registerHandlers(host: HostWith<"inbound" | "visitors">, key: Buffer, socket: VisitorSocket) {
  const { inboxId, visitorId } = socket.data;

  const handle =
    <S extends z.ZodTypeAny, T>(schema: S, fn: (input: z.infer<S>) => Promise<T>) =>
    async (payload: unknown, ack?: (a: VisitorAck<T>) => void) => {
      const reply = typeof ack === "function" ? ack : () => {};
      const parsed = schema.safeParse(payload);
      if (!parsed.success) return reply({ ok: false, error: parsed.error.issues[0]?.message ?? "Invalid request" });
      try {
        reply({ ok: true, data: await fn(parsed.data) });
      } catch (err) {
        if (err instanceof RateLimitedError || err instanceof VisitorError) return reply({ ok: false, error: err.message });
        if (host.isTemporaryFailure(err)) {
          host.log.warn(`web chat handler: ${(err as Error)?.message?.split("\n").at(-1) ?? err}`);
          return reply({ ok: false, error: TEMPORARILY_UNAVAILABLE });
        }
        host.log.error(`web chat handler failed: ${(err as Error)?.stack ?? err}`);
        reply({ ok: false, error: "Something went wrong. Please try again." });
      }
    };

  socket.on(
    "message:send",
    handle(sendSchema, async ({ clientId, text }) => {
      await enforce(host, [["messagePerVisitor", visitorId]]);
      const inbox = await host.getInbox(inboxId);
      if (!inbox?.enabled) throw new VisitorError("This chat is currently unavailable");
      const result = await host.inbound.ingest(inboxId, {
        providerMessageId: providerIdFor(visitorId, clientId),
        from: { kind: "chat_visitor", address: visitorId },
        text,
        threading: { threadKey: visitorId },
      });
      const message: WidgetMessage = {
        id: result.messageId,
        direction: "inbound",
        text,
        createdAt: new Date().toISOString(),
        authorName: null,
        clientId,
        attachments: [],
        survey: null,
      };
      // The visitor's other tabs show it too; a retried send changes nothing.
      if (!result.duplicate) socket.to(visitorRoom(inboxId, visitorId)).emit("message:created", message);
      return message;
    }),
  );

  socket.on(
    "typing:set",
    handle(typingSchema, async ({ typing }) => {
      await enforce(host, [["typingPerVisitor", visitorId]]);
      await host.visitors.setTyping(inboxId, visitorId, typing);
    }),
  );

  socket.on(
    "history:get",
    handle(historySchema, async ({ before }) => {
      await enforce(host, [["historyPerVisitor", visitorId]]);
      const page = await host.visitors.history(inboxId, visitorId, { before, limit: 50 });
      return { messages: page.messages.map((m) => fromHistory(key, inboxId, visitorId, m)), hasMore: page.hasMore };
    }),
  );
}

/** What a visitor is told while the database restarts: nothing was stored, sending again will work. */
export const TEMPORARILY_UNAVAILABLE = "The chat is briefly unavailable. Please try again in a moment.";

/** A refusal the visitor can act on, shown as is. */
export class VisitorError extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
    this.name = "VisitorError";
  }
}
