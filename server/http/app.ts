import path from "node:path";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import express, { type Express } from "express";
import compression from "compression";
import { createRequestHandler } from "@react-router/express";
import type { ServerBuild } from "react-router";
import type { AppContext } from "~/server/context.ts";
import type { ChannelHost } from "~/integrations/core/host.ts";
import { originCheck } from "~/server/auth/origin-check.ts";
import { errorHandler } from "./errors.ts";
import { healthRoutes } from "./health.ts";
import { attachmentRoutes } from "./attachments.ts";
import { messageHtmlRoutes } from "./message-html.ts";
import { apiRoutes } from "./api/index.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

/** The app's icon (a rounded square in the accent colour), linked from app/root.tsx. */
const FAVICON_SVG =
  "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><rect width='16' height='16' rx='4' fill='#3b5bdb'/></svg>";

export interface UiOptions {
  /** "build": serve build/ (npm start, tests); "vite": Vite dev middleware (npm run dev); "none": API only. */
  mode: "build" | "vite" | "none";
}

/**
 * The HTTP app: health, channel webhooks and widget (adapters' own routers, mounted before any
 * body parser so signatures are checked over the raw bytes), REST API, files, then the React app.
 */
export async function createHttpApp(ctx: AppContext, host: ChannelHost, ui: UiOptions): Promise<Express> {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", ctx.env.TRUST_PROXY);
  app.use((_req, res, next) => {
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    next();
  });
  // gzip / brotli for whatever the browser accepts, for compressible types only (HTML, JS, CSS, JSON…);
  // Socket.IO answers its own requests before express sees them, and nothing here streams.
  app.use(compression());
  // Browsers ask for /favicon.ico whatever the page declares: answer with the icon, not a 404 page.
  app.get("/favicon.ico", (_req, res) => {
    res.type("image/svg+xml").set("Cache-Control", "public, max-age=86400").send(FAVICON_SVG);
  });
  app.use(healthRoutes(ctx));
  for (const adapter of ctx.channels.list()) {
    if (adapter.routes) app.use(adapter.routes(host));
  }
  app.use(originCheck(ctx.env));
  app.use(attachmentRoutes(ctx));
  app.use(messageHtmlRoutes(ctx));
  app.use("/api/v1", apiRoutes(ctx));
  // The reports' metric definitions, linked from the report pages (METRICS_DOC_URL, issue 13).
  app.get("/docs/metrics", (_req, res, next) => {
    readFile(path.join(ROOT, "docs/metrics.md"), "utf8").then((text) => res.type("text/plain; charset=utf-8").send(text), next);
  });

  if (ui.mode === "vite") {
    const vite = await import("vite").then((v) =>
      v.createServer({ root: ROOT, server: { middlewareMode: true, hmr: { server: undefined } }, appType: "custom" }),
    );
    app.use(vite.middlewares);
    app.all(
      "/{*path}",
      createRequestHandler({
        build: () => vite.ssrLoadModule("virtual:react-router/server-build") as Promise<ServerBuild>,
        getLoadContext: (req) => ({ app: ctx, ip: req.ip }),
        mode: "development",
      }),
    );
  } else if (ui.mode === "build") {
    const buildFile = path.join(ROOT, "build/server/index.js");
    if (!existsSync(buildFile)) throw new Error("The UI is not built: run `npm run build` first");
    app.use("/assets", express.static(path.join(ROOT, "build/client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(path.join(ROOT, "build/client"), { maxAge: "1h", index: false }));
    const build = (await import(buildFile)) as ServerBuild;
    app.all("/{*path}", createRequestHandler({ build, getLoadContext: (req) => ({ app: ctx, ip: req.ip }), mode: "production" }));
  }
  app.use(errorHandler(ctx.log));
  return app;
}
