import express, { Router } from "express";
import type { AppContext } from "~/server/context.ts";
import { authRoutes } from "./auth.ts";
import { contactRoutes } from "./contacts.ts";
import { companyRoutes } from "./companies.ts";
import { attributeRoutes } from "./attributes.ts";
import { conversationRoutes } from "./conversations.ts";
import { adminRoutes } from "./admin.ts";
import { slackChannelRoutes } from "./slack-channels.ts";
import { uploadRoutes } from "./uploads.ts";
import { openApiDocument } from "./openapi-document.ts";
import { notificationRoutes } from "./notifications.ts";
import { draftRoutes } from "./drafts.ts";
import { assignmentRoutes } from "./assignment.ts";
import { documentRoutes } from "./documents.ts";
import { mergeRoutes } from "./merges.ts";
import { cannedResponseRoutes } from "./canned-responses.ts";
import { businessHoursRoutes } from "./business-hours.ts";
import { slaPolicyRoutes } from "./sla-policies.ts";
import { automationRoutes } from "./automation.ts";
import { webhookRoutes } from "./webhooks.ts";
import { privacyRoutes } from "./privacy.ts";
import { searchRoutes } from "./search.ts";
import { auditLogRoutes } from "./audit-log.ts";
import { apiTokenRoutes } from "./api-tokens.ts";
import { customerRoutes } from "./customers.ts";
import { segmentRoutes } from "./segments.ts";
import { csatRoutes } from "./csat.ts";
import { importRoutes } from "./imports.ts";
import { duplicateRoutes } from "./duplicates.ts";
import { reportRoutes } from "./reports.ts";

/** REST API v1 (JSON, `Authorization: Bearer <token>`), documented at /api/v1/openapi.json. */
export function apiRoutes(ctx: AppContext) {
  const router = Router();
  // Raw-body routers come before the JSON body parser.
  const rawBody = [uploadRoutes(ctx), documentRoutes(ctx), importRoutes(ctx)];
  const jsonBody = [
    authRoutes(ctx),
    contactRoutes(ctx),
    companyRoutes(ctx),
    attributeRoutes(ctx),
    conversationRoutes(ctx),
    adminRoutes(ctx),
    slackChannelRoutes(ctx),
    notificationRoutes(ctx),
    draftRoutes(ctx),
    assignmentRoutes(ctx),
    mergeRoutes(ctx),
    cannedResponseRoutes(ctx),
    businessHoursRoutes(ctx),
    slaPolicyRoutes(ctx),
    automationRoutes(ctx),
    webhookRoutes(ctx),
    privacyRoutes(ctx),
    searchRoutes(ctx),
    auditLogRoutes(ctx),
    apiTokenRoutes(ctx),
    customerRoutes(ctx),
    segmentRoutes(ctx),
    csatRoutes(ctx),
    duplicateRoutes(ctx),
    reportRoutes(ctx),
  ];
  const documented = [...rawBody, ...jsonBody].flatMap((api) => api.routes);
  const document = openApiDocument(ctx.env.PUBLIC_URL, documented);
  router.get("/openapi.json", (_req, res) => res.json(document));
  for (const api of rawBody) router.use(api.router);
  router.use(express.json({ limit: "1mb" }));
  for (const api of jsonBody) router.use(api.router);
  router.use((_req, res) => res.status(404).json({ error: { code: "not_found", message: "No such API endpoint" } }));
  return router;
}
