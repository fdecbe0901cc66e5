import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { createInbox, createInboxInput } from "~/server/domain/admin/create-inbox.ts";
import { createDepartment, createDepartmentInput } from "~/server/domain/admin/create-department.ts";
import { createUser, createUserInput } from "~/server/domain/admin/create-user.ts";
import { listInboxes } from "~/server/domain/admin/list-inboxes.ts";
import { listDepartments } from "~/server/domain/admin/list-departments.ts";
import { updateInbox, updateInboxInput } from "~/server/domain/admin/update-inbox.ts";
import { testInboxConnection } from "~/server/domain/admin/test-inbox-connection.ts";
import { updateUser, updateUserInput } from "~/server/domain/admin/update-user.ts";
import { listUsers } from "~/server/domain/admin/list-users.ts";
import { apiRouter } from "./api-router.ts";

/** Admin-only endpoints; the domain functions check the role. */
export function adminRoutes(ctx: AppContext) {
  const api = apiRouter();
  const newInbox = createInboxInput(ctx.channels.kinds);
  api.get(
    "/inboxes",
    { summary: "List inboxes with setup information (admin)", admin: true },
    route(async (req, res) => res.json({ items: await listInboxes(ctx, await requireActor(ctx, req, res)) })),
  );
  api.post(
    "/inboxes",
    { summary: "Set up a channel inbox (admin)", body: { name: "NewInbox", schema: newInbox }, status: 201, admin: true },
    route(async (req, res) => res.status(201).json(await createInbox(ctx, await requireActor(ctx, req, res), req.body))),
  );
  api.patch(
    "/inboxes/:id",
    {
      summary: "Edit an inbox: name, department, channel config (secrets left out keep their value), enabled (admin)",
      body: { name: "InboxChanges", schema: updateInboxInput },
      admin: true,
    },
    route(async (req, res) => res.json(await updateInbox(ctx, await requireActor(ctx, req, res), String(req.params.id), req.body ?? {}))),
  );
  api.post(
    "/inboxes/:id/test",
    {
      summary: "Test an inbox's connection to its provider (SMTP, IMAP, Twilio, Slack) with its stored config: { ok, message } (admin)",
      admin: true,
    },
    route(async (req, res) => res.json(await testInboxConnection(ctx, await requireActor(ctx, req, res), String(req.params.id)))),
  );
  api.get(
    "/departments",
    { summary: "List departments with their settings" },
    route(async (req, res) => res.json({ items: await listDepartments(ctx, await requireActor(ctx, req, res)) })),
  );
  api.post(
    "/departments",
    { summary: "Create a department (admin)", body: { name: "NewDepartment", schema: createDepartmentInput }, status: 201, admin: true },
    route(async (req, res) => res.status(201).json(await createDepartment(ctx, await requireActor(ctx, req, res), req.body))),
  );
  api.post(
    "/users",
    { summary: "Create a user (admin)", body: { name: "NewUser", schema: createUserInput }, status: 201, admin: true },
    route(async (req, res) => {
      const user = await createUser(ctx, await requireActor(ctx, req, res), req.body);
      res.status(201).json({ ...user, memberships: undefined, departmentIds: user.memberships.map((m) => m.departmentId) });
    }),
  );
  api.get(
    "/users",
    { summary: "List users, deactivated ones included (admin)", admin: true },
    route(async (req, res) => res.json({ items: await listUsers(ctx, await requireActor(ctx, req, res)) })),
  );
  api.patch(
    "/users/:id",
    {
      summary: "Edit a user: name, role, departments, capacity; deactivated revokes sessions, tokens and sockets at once (admin)",
      body: { name: "UserChanges", schema: updateUserInput },
      admin: true,
    },
    route(async (req, res) => res.json(await updateUser(ctx, await requireActor(ctx, req, res), String(req.params.id), req.body ?? {}))),
  );
  return api;
}
