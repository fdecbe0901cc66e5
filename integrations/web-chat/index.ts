import { webChatDescriptor } from "./descriptor.ts";
import type { ChannelAdapter } from "~/integrations/core/types.ts";
import type { WebChatConfig } from "./config.ts";
import { webChatRoutes } from "./routes.ts";
import { sendToVisitor } from "./send.ts";
import { registerVisitorNamespace } from "./socket.ts";
import { isVisitorId } from "./visitor-token.ts";

export type { WebChatConfig } from "./config.ts";

export const embedSnippet = (publicUrl: string, inboxId: string) =>
  `<script src="${publicUrl}/widget.js" data-inbox="${inboxId}" async></script>`;

/**
 * The web chat (issue 2): `/widget.js` embeds a launcher and an iframe showing `/widget/:inboxId`;
 * visitors talk over the `/visitor` Socket.IO namespace with a signed visitor token.
 */
export const webChatAdapter: ChannelAdapter<WebChatConfig> = {
  descriptor: webChatDescriptor,
  normalizeAddress: (raw) => (isVisitorId(raw.trim()) ? raw.trim() : null),
  send: (inbox, message, host) => sendToVisitor(inbox, message, host),
  // The widget keeps messages by id: a resent reply replaces the copy it has.
  resendIsIdempotent: true,
  routes: (host) => webChatRoutes(host),
  realtime: (io, host) => registerVisitorNamespace(io, host),
  setupInfo: (publicUrl, inboxId) => [
    { label: "Embed code (paste before </body> on your site)", value: embedSnippet(publicUrl, inboxId) },
    { label: "Chat page (link to it or open it directly)", value: `${publicUrl}/widget/${inboxId}` },
  ],
};
