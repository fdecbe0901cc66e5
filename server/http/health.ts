import { Router } from "express";
import type { AppContext } from "~/server/context.ts";

/** 200 when the database answers, 503 otherwise (load balancers take the node out). */
export function healthRoutes(ctx: AppContext) {
  const router = Router();
  router.get("/healthz", async (_req, res) => {
    const started = Date.now();
    try {
      await Promise.race([
        ctx.sql.query("SELECT 1"),
        new Promise((_, reject) => setTimeout(() => reject(new Error("database timeout")), 3000).unref()),
      ]);
      res.json({ status: "ok", database: ctx.sql.kind, node: ctx.nodeId, latencyMs: Date.now() - started });
    } catch (err) {
      res.status(503).json({ status: "unavailable", database: ctx.sql.kind, error: (err as Error).message });
    }
  });
  return router;
}
