import { type RouteConfig, index, layout, prefix, route } from "@react-router/dev/routes";

export default [
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.tsx"),
  route("locale", "routes/set-locale.tsx"),
  route("resources/nav-counts", "routes/nav-counts.ts"),
  route("resources/notifications", "routes/notifications.ts"),
  route("resources/canned", "routes/canned.ts"),
  route("conversations/:conversationId/merge", "routes/conversation-merge.ts"),
  layout("routes/app-layout.tsx", [
    index("routes/home.tsx"),
    route("inbox/:view", "routes/inbox.tsx", [route(":conversationId", "routes/inbox-conversation.tsx")]),
    route("conversations/:conversationId", "routes/conversation.tsx"),
    route("contacts/:contactId", "routes/contact.tsx"),
    route("search", "routes/search.tsx"),
    route("canned", "routes/canned-responses.tsx"),
    ...prefix("admin", [
      layout("routes/admin/admin-layout.tsx", [
        index("routes/admin/admin-index.tsx"),
        route("inboxes", "routes/admin/inboxes.tsx"),
        route("departments", "routes/admin/departments.tsx"),
        route("users", "routes/admin/users.tsx"),
      ]),
    ]),
  ]),
] satisfies RouteConfig;
