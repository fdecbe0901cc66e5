import { type RouteConfig, index, layout, prefix, route } from "@react-router/dev/routes";

export default [
  route("login", "routes/login.tsx"),
  // Resource routes: a loader or an action, no UI.
  route("logout", "routes/resources/logout.ts"),
  route("locale", "routes/resources/set-locale.ts"),
  route("resources/nav-counts", "routes/resources/nav-counts.ts"),
  route("resources/notifications", "routes/resources/notifications.ts"),
  route("resources/canned", "routes/resources/canned-lookup.ts"),
  route("conversations/:conversationId/merge", "routes/resources/conversation-merge.ts"),
  route("admin/audit-log/export", "routes/resources/audit-log-export.ts"),
  route("customers/export", "routes/resources/customers-export.ts"),
  route("resources/attribute-definitions", "routes/resources/attribute-definitions.ts"),
  // The public CSAT survey (no login; the token is the key).
  route("survey/:token", "routes/survey.tsx"),
  route("survey/:token/answer", "routes/resources/survey-answer.ts"),
  route("survey/:token/unsubscribe", "routes/resources/survey-unsubscribe.ts"),
  route("resources/csat-settings", "routes/resources/csat-settings.ts"),
  route("resources/send-delay", "routes/resources/send-delay.ts"),
  layout("routes/app-layout.tsx", [
    index("routes/home.tsx"),
    route("inbox/:view", "routes/inbox.tsx", [route(":conversationId", "routes/inbox-conversation.tsx")]),
    route("conversations/:conversationId", "routes/conversation.tsx"),
    route("contacts/:contactId", "routes/contact.tsx"),
    route("customers", "routes/customers.tsx"),
    route("companies", "routes/companies.tsx"),
    route("companies/:companyId", "routes/company.tsx"),
    route("search", "routes/search.tsx"),
    route("canned", "routes/canned-responses.tsx"),
    ...prefix("reports", [
      layout("routes/reports/reports-layout.tsx", [
        index("routes/reports/overview.tsx"),
        route("top-issues", "routes/reports/top-issues.tsx"),
        route("team", "routes/reports/team.tsx"),
        route("busiest-hours", "routes/reports/busiest-hours.tsx"),
        route("customers", "routes/reports/customers.tsx"),
        route("adoption", "routes/reports/adoption.tsx"),
      ]),
    ]),
    ...prefix("admin", [
      layout("routes/admin/admin-layout.tsx", [
        index("routes/admin/admin-index.tsx"),
        route("inboxes", "routes/admin/inboxes.tsx"),
        route("departments", "routes/admin/departments.tsx"),
        route("users", "routes/admin/users.tsx"),
        route("sla-policies", "routes/admin/sla-policies.tsx"),
        route("automation", "routes/admin/automation.tsx"),
        route("macros", "routes/admin/macros.tsx"),
        route("business-hours", "routes/admin/business-hours.tsx"),
        route("audit-log", "routes/admin/audit-log.tsx"),
        route("api-tokens", "routes/admin/api-tokens.tsx"),
        route("webhooks", "routes/admin/webhooks.tsx"),
        route("import", "routes/admin/import.tsx"),
        route("duplicates", "routes/admin/duplicates.tsx"),
      ]),
    ]),
  ]),
] satisfies RouteConfig;
