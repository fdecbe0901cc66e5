import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Response, Router } from "express";
import type { InboxRuntime } from "~/integrations/core/types.ts";
import { DEFAULT_GREETING, DEFAULT_TITLE, type WebChatConfig } from "./config.ts";
import { frameAncestors } from "./origin.ts";

const PUBLIC_DIR = path.join(import.meta.dirname, "public");
const read = (file: string) => readFileSync(path.join(PUBLIC_DIR, file), "utf8");
// The browser build of the socket.io client ships inside the socket.io server package.
const socketIoClientFile = path.join(
  path.dirname(createRequire(import.meta.url).resolve("socket.io/package.json")),
  "client-dist/socket.io.min.js",
);

/** Read once: the widget has no build step, these files are served as they are. */
const assets = {
  loader: read("widget.js"),
  script: read("chat.js"),
  style: read("chat.css"),
  socketIo: readFileSync(socketIoClientFile, "utf8"),
};

const JS = "application/javascript; charset=utf-8";

/** `/widget.js` (the embed loader), the chat page's script and style, and the socket.io client. */
export function staticAssetRoutes(router: Router) {
  const serve = (pathname: string, type: string, body: string, maxAge: number) =>
    router.get(pathname, (_req, res) => {
      res.set({
        "Content-Type": type,
        "Cache-Control": `public, max-age=${maxAge}`,
        // Host pages with Cross-Origin-Embedder-Policy may still load the loader.
        "Cross-Origin-Resource-Policy": "cross-origin",
      });
      res.send(body);
    });
  // Short cache for the loader: sites embed its URL forever, fixes must reach them.
  serve("/widget.js", JS, assets.loader, 300);
  serve("/widget/assets/chat.js", JS, assets.script, 300);
  serve("/widget/assets/chat.css", "text/css; charset=utf-8", assets.style, 300);
  serve("/widget/socket.io.js", JS, assets.socketIo, 3600);
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** JSON inside a <script> element: `<` escaped so no string can close the element. */
const inlineJson = (value: unknown) =>
  JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028|\u2029/g, "");

export function widgetCsp(config: WebChatConfig) {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors(config.allowedOrigins)}`,
  ].join("; ");
}

/** The standalone chat page (also what the loader's iframe shows). All text is set by chat.js via textContent. */
export function widgetPage(res: Response, inbox: InboxRuntime<WebChatConfig>, closed: { nextOpeningAt: string | null } | null = null) {
  const { config } = inbox;
  // null: the admin kept the default, which chat.js shows in the visitor's language.
  const boot = {
    inboxId: inbox.id,
    title: config.title === DEFAULT_TITLE ? null : config.title,
    greeting: config.greeting === DEFAULT_GREETING ? null : config.greeting,
    color: config.color,
    enabled: inbox.enabled,
    // Outside the inbox's business hours: chat.js says so, in the visitor's language and time zone.
    closed,
  };
  res.set({
    "Content-Type": "text/html; charset=utf-8",
    "Content-Security-Policy": widgetCsp(config),
    "Cache-Control": "no-cache",
    "Referrer-Policy": "no-referrer",
  });
  res.send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(config.title)}</title>
<link rel="stylesheet" href="/widget/assets/chat.css">
<script type="application/json" id="sb-config">${inlineJson(boot)}</script>
<script src="/widget/socket.io.js" defer></script>
<script src="/widget/assets/chat.js" defer></script>
</head>
<body>
<main class="chat">
  <header class="chat-header">
    <h1 id="chat-title">${escapeHtml(config.title)}</h1>
    <button type="button" id="profile-toggle" class="icon-button" aria-expanded="false" aria-controls="profile"></button>
    <button type="button" id="close" class="icon-button" hidden></button>
  </header>
  <form id="profile" class="profile" hidden novalidate>
    <p id="profile-intro"></p>
    <label><span id="name-label"></span><input id="profile-name" name="name" autocomplete="name" maxlength="100"></label>
    <label><span id="email-label"></span><input id="profile-email" name="email" type="email" autocomplete="email" required maxlength="254"></label>
    <button type="submit" id="profile-save"></button>
  </form>
  <div id="status" class="status" role="status" aria-live="polite"></div>
  <div id="log" class="log">
    <button type="button" id="earlier" class="earlier" hidden></button>
    <ol id="messages" class="messages" aria-live="polite"></ol>
  </div>
  <form id="composer" class="composer">
    <button type="button" id="attach" class="icon-button"></button>
    <input type="file" id="file" hidden>
    <textarea id="input" rows="1" maxlength="5000"></textarea>
    <button type="submit" id="send" class="send"></button>
  </form>
</main>
</body>
</html>
`);
}
