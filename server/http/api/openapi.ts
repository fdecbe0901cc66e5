/**
 * OpenAPI 3.1 description of REST API v1. Kept next to the routes it documents; a test checks that
 * every route mounted under /api/v1 appears here.
 */
type Op = { summary: string; body?: string; query?: string[]; admin?: boolean; status?: number; public?: boolean };

const ops: Record<string, Record<string, Op>> = {
  "/auth/token": {
    post: { summary: "Exchange email and password for an API token (rate-limited)", body: "Credentials", status: 201, public: true },
  },
  "/contacts": {
    get: { summary: "Search contacts by name, email or phone", query: ["query", "cursor", "limit"] },
    post: { summary: "Create a contact", body: "NewContact", status: 201 },
  },
  "/contacts/{id}": { get: { summary: "A contact with identities, company and conversations" } },
  "/contacts/{id}/timeline": {
    get: { summary: "One timeline across all the contact's conversations and channels, newest first", query: ["cursor", "limit"] },
  },
  "/conversations": {
    get: {
      summary: "Conversations, newest activity first",
      query: ["status", "view", "departmentId", "assigneeId", "contactId", "cursor", "limit"],
    },
  },
  "/conversations/{id}": {
    get: { summary: "A conversation with its messages and their delivery status" },
    patch: { summary: "Change status, assignee, department, priority or tags", body: "ConversationPatch" },
  },
  "/conversations/{id}/messages": { post: { summary: "Reply to the customer (sent through the outbox)", body: "NewMessage", status: 202 } },
  "/conversations/{id}/notes": { post: { summary: "Add an internal note", body: "NewMessage", status: 201 } },
  "/conversations/{id}/read": {
    post: { summary: "Mark the conversation read for the calling agent (unread = a newer customer message)", status: 204 },
  },
  "/messages/{id}/retry": { post: { summary: "Queue a failed outbound message again", status: 202 } },
  "/uploads": { post: { summary: "Upload a file (raw body, ?filename=) for attachmentIds", query: ["filename"], status: 201 } },
  "/inboxes": {
    get: { summary: "List inboxes with setup information (admin)", admin: true },
    post: { summary: "Set up a channel inbox (admin)", body: "NewInbox", status: 201, admin: true },
  },
  "/departments": {
    get: { summary: "List departments with their settings" },
    post: { summary: "Create a department (admin)", body: "NewDepartment", status: 201, admin: true },
  },
  "/users": { post: { summary: "Create a user (admin)", body: "NewUser", status: 201, admin: true } },
  // Shared documents (issue 6): server/http/api/documents.ts. Uploads take the raw file as the body.
  "/contacts/{id}/documents": {
    get: { summary: "A customer's documents plus every message attachment of theirs the actor may see" },
    post: {
      summary: "Add a document to a customer's library (raw body, ?filename=&title=); type decided from the content",
      query: ["filename", "title"],
      status: 201,
    },
  },
  "/companies/{id}/documents": {
    get: { summary: "A company's documents plus its contacts' message attachments the actor may see" },
    post: { summary: "Add a document to a company's library (raw body, ?filename=&title=)", query: ["filename", "title"], status: 201 },
  },
  "/documents/{id}": { get: { summary: "A document with all its versions and linked conversations" } },
  "/documents/{id}/versions": {
    post: {
      summary: "Replace a document's file; earlier versions are kept (raw body, ?filename=&title=)",
      query: ["filename", "title"],
      status: 201,
    },
  },
  "/documents/{id}/attachments": {
    post: { summary: "Prepare a document version as an attachment id for a reply or note", body: "AttachDocument", status: 201 },
  },
  "/documents/{id}/links/{conversationId}": {
    put: { summary: "Link a document to a conversation" },
    delete: { summary: "Unlink a document from a conversation", status: 204 },
  },
  "/conversations/{id}/documents": { get: { summary: "Documents linked to a conversation" } },
  // Merges and canned responses (issue 6): server/http/api/merges.ts, canned-responses.ts
  "/conversations/{id}/merge": {
    post: { summary: "Merge this conversation into another of the same customer (nothing is sent)", body: "Merge" },
  },
  "/contacts/{id}/merge": {
    post: { summary: "Merge this customer into another: identities, conversations, messages and documents move", body: "Merge" },
  },
  "/canned-responses": {
    get: { summary: "Canned responses the actor may use", query: ["query"] },
    post: {
      summary: "Create a canned response ({{contact.name}}, {{agent.name}}, {{conversation.number}} … variables)",
      body: "CannedResponse",
      status: 201,
    },
  },
  "/canned-responses/{id}": {
    patch: { summary: "Change a canned response (its author or an admin)", body: "CannedResponse" },
    delete: { summary: "Delete a canned response (its author or an admin)", status: 204 },
  },
  "/canned-responses/{id}/render": {
    post: { summary: "A canned response's text with the variables filled for a conversation", body: "RenderCanned" },
  },
  // Collaboration (issue 6): server/http/api/collaboration.ts
  "/notifications": {
    get: { summary: "The actor's notifications, newest first, with the unread count", query: ["unread", "cursor", "limit"] },
  },
  "/notifications/read": { post: { summary: "Mark notifications read", body: "MarkRead" } },
  "/drafts": { get: { summary: "The actor's own unsent drafts (with text)", query: ["conversationId"] } },
  "/conversations/{id}/drafts": { get: { summary: "The actor's drafts on a conversation and which teammates have one (no text)" } },
  "/conversations/{id}/drafts/{kind}": { put: { summary: "Autosave a draft (kind reply or note); empty text deletes it", body: "Draft" } },
  "/conversations/{id}/handoff": {
    post: { summary: "Move a conversation to another department with a note; notifies its members", body: "Handoff" },
  },
  "/departments/{id}": {
    patch: {
      summary: "Auto-assignment, offline reassignment, restriction, members and Slack channel of a department (admin)",
      body: "DepartmentSettings",
      admin: true,
    },
  },
  "/users/{id}/capacity": {
    patch: { summary: "How many open + pending conversations auto-assignment may give an agent (admin)", body: "Capacity", admin: true },
  },
  "/inboxes/{inboxId}/slack-channels": { get: { summary: "Slack channels of a Slack inbox linked to customers (admin)", admin: true } },
  "/inboxes/{inboxId}/slack-channels/{channelId}": {
    put: { summary: "Link a shared Slack channel to a contact or a company (admin)", body: "SlackChannelLink", admin: true },
    delete: { summary: "Unlink a Slack channel (admin)", status: 204, admin: true },
  },
};

const str = { type: "string" };
const schemas = {
  Error: { type: "object", properties: { error: { type: "object", properties: { code: str, message: str } } } },
  Credentials: { type: "object", required: ["email", "password"], properties: { email: str, password: str } },
  NewContact: { type: "object", required: ["name"], properties: { name: str, email: str, phone: str, companyId: str } },
  ConversationPatch: {
    type: "object",
    properties: {
      status: { enum: ["open", "pending", "snoozed", "resolved", "closed"] },
      snoozedUntil: { type: ["string", "null"], format: "date-time" },
      assigneeId: { type: ["string", "null"] },
      departmentId: { type: ["string", "null"] },
      priority: { enum: ["low", "normal", "high", "urgent"] },
      tags: { type: "array", items: str },
    },
  },
  NewMessage: {
    type: "object",
    description:
      "With seenMessageId or seenAt, answers 409 { error: { code: 'stale', details: { newMessages } } } when a customer message or another agent's reply arrived since, unless force is true.",
    properties: {
      text: str,
      attachmentIds: { type: "array", items: str },
      seenMessageId: str,
      seenAt: { type: "string", format: "date-time" },
      force: { type: "boolean" },
    },
  },
  AttachDocument: { type: "object", properties: { version: { type: "integer", minimum: 1, description: "Default: the latest version" } } },
  Merge: { type: "object", required: ["intoId"], properties: { intoId: str } },
  CannedResponse: {
    type: "object",
    required: ["shortcut", "title", "body"],
    properties: { shortcut: str, title: str, body: str, departmentId: { type: ["string", "null"] } },
  },
  RenderCanned: { type: "object", required: ["conversationId"], properties: { conversationId: str } },
  MarkRead: { type: "object", properties: { ids: { type: "array", items: str }, all: { const: true } } },
  Draft: { type: "object", required: ["text"], properties: { text: str } },
  Handoff: { type: "object", required: ["departmentId"], properties: { departmentId: str, note: str } },
  DepartmentSettings: {
    type: "object",
    properties: {
      autoAssign: { type: "boolean" },
      reassignOfflineAfterMinutes: { type: ["integer", "null"] },
      restricted: { type: "boolean" },
      memberIds: { type: "array", items: str },
      slack: {
        type: ["object", "null"],
        description: "Internal Slack channel for this department's notifications; null stops them",
        properties: { inboxId: str, channelId: str },
      },
    },
  },
  Capacity: { type: "object", required: ["capacity"], properties: { capacity: { type: "integer", minimum: 0 } } },
  SlackChannelLink: {
    type: "object",
    description: "Exactly one of contactId or companyId",
    properties: { contactId: str, companyId: str },
  },
  NewInbox: {
    type: "object",
    required: ["kind", "name", "config"],
    properties: { kind: { enum: ["web_chat", "email", "twilio_sms", "slack"] }, name: str, departmentId: str, config: { type: "object" } },
  },
  NewDepartment: {
    type: "object",
    required: ["name"],
    properties: { name: str, restricted: { type: "boolean" }, autoAssign: { type: "boolean" } },
  },
  NewUser: {
    type: "object",
    required: ["email", "name", "role", "password"],
    properties: {
      email: str,
      name: str,
      role: { enum: ["admin", "agent", "viewer"] },
      password: str,
      departmentIds: { type: "array", items: str },
    },
  },
};

const errorResponse = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
});

export function openApiDocument(publicUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, methods] of Object.entries(ops)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(methods)) {
      const parameters = [
        ...(path.match(/\{(\w+)\}/g) ?? []).map((p) => ({ name: p.slice(1, -1), in: "path", required: true, schema: str })),
        ...(op.query ?? []).map((name) => ({ name, in: "query", required: false, schema: str })),
      ];
      paths[path][method] = {
        summary: op.summary,
        ...(op.public ? { security: [] } : {}),
        ...(parameters.length ? { parameters } : {}),
        ...(op.body
          ? { requestBody: { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${op.body}` } } } } }
          : {}),
        responses: {
          [String(op.status ?? 200)]: { description: "Success" },
          "400": errorResponse("Invalid input"),
          ...(op.public ? {} : { "401": errorResponse("Missing or invalid token") }),
          "403": errorResponse(op.admin ? "Admins only" : "Forbidden"),
          "429": errorResponse("Rate limited"),
        },
      };
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Switchboard API",
      version: "1.0.0",
      description: "Omnichannel support inbox. Authenticate with `Authorization: Bearer <token>` from POST /auth/token.",
    },
    servers: [{ url: `${publicUrl}/api/v1` }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } }, schemas },
    paths,
  };
}
