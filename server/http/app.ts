import path from "node:path";
import { existsSync } from "node:fs";
import express, { type Express } from "express";
import { createRequestHandler } from "@react-router/express";
import type { ServerBuild } from "react-router";
import type { AppContext } from "~/server/context.ts";
import type { ChannelHost } from "~/integrations/core/host.ts";
import { originCheck } from "~/server/auth/origin-check.ts";
import { errorHandler } from "./errors.ts";
import { healthRoutes } from "./health.ts";
import { attachmentRoutes } from "./attachments.ts";
import { apiRoutes } from "./api/index.ts";

const ROOT = path.resolve(import.meta.dirname, "../..");

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
  app.use(healthRoutes(ctx));
  for (const adapter of ctx.channels.list()) {
    if (adapter.routes) app.use(adapter.routes(host));
  }
  app.use(originCheck(ctx.env));
  app.use(attachmentRoutes(ctx));
  app.use("/api/v1", apiRoutes(ctx));

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
