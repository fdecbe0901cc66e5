import { Router } from "express";
import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import { issueTokenForCredentials } from "~/server/auth/api-token.ts";
import { route } from "~/server/http/errors.ts";

const credentials = z.object({ email: z.string().max(320), password: z.string().max(1024) });

export function authRoutes(ctx: AppContext) {
  const router = Router();
  router.post(
    "/auth/token",
    route(async (req, res) => {
      const body = credentials.parse(req.body ?? {});
      const issued = await issueTokenForCredentials(ctx, { ...body, ip: req.ip ?? "unknown" });
      res.status(201).json(issued);
    }),
  );
  return router;
}
