import express, { Router } from "express";
import type { AppContext } from "~/server/context.ts";
import { authRoutes } from "./auth.ts";
import { contactRoutes } from "./contacts.ts";
import { conversationRoutes } from "./conversations.ts";
import { adminRoutes } from "./admin.ts";
import { slackChannelRoutes } from "./slack-channels.ts";
import { uploadRoutes } from "./uploads.ts";
import { openApiDocument } from "./openapi.ts";
import { collaborationRoutes } from "./collaboration.ts";
import { documentRoutes } from "./documents.ts";
import { mergeRoutes } from "./merges.ts";
import { cannedResponseRoutes } from "./canned-responses.ts";

/** REST API v1 (JSON, `Authorization: Bearer <token>`), documented at /api/v1/openapi.json. */
export function apiRoutes(ctx: AppContext) {
  const router = Router();
  router.get("/openapi.json", (_req, res) => res.json(openApiDocument(ctx.env.PUBLIC_URL)));
  router.use(uploadRoutes(ctx));
  router.use(documentRoutes(ctx));
  router.use(express.json({ limit: "1mb" }));
  router.use(authRoutes(ctx));
  router.use(contactRoutes(ctx));
  router.use(conversationRoutes(ctx));
  router.use(adminRoutes(ctx));
  router.use(slackChannelRoutes(ctx));
  router.use(collaborationRoutes(ctx));
  router.use(mergeRoutes(ctx));
  router.use(cannedResponseRoutes(ctx));
  router.use((_req, res) => res.status(404).json({ error: { code: "not_found", message: "No such API endpoint" } }));
  return router;
}
