import { z } from "zod";
import type { AppContext } from "~/server/context.ts";
import { issueTokenForCredentials } from "~/server/auth/api-token.ts";
import { route } from "~/server/http/errors.ts";
import { apiRouter } from "./api-router.ts";

const credentials = z.object({ email: z.string().max(320), password: z.string().max(1024) });

export function authRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.post(
    "/auth/token",
    {
      summary: "Exchange email and password for an API token (rate-limited)",
      body: { name: "Credentials", schema: credentials },
      status: 201,
      public: true,
    },
    route(async (req, res) => {
      const body = credentials.parse(req.body ?? {});
      const issued = await issueTokenForCredentials(ctx, { ...body, ip: req.ip ?? "unknown" });
      res.status(201).json(issued);
    }),
  );
  return api;
}
