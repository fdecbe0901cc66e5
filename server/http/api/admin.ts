import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { createInbox, createInboxInput } from "~/server/domain/admin/create-inbox.ts";
import { createDepartment, createDepartmentInput } from "~/server/domain/admin/create-department.ts";
import { createUser, createUserInput } from "~/server/domain/admin/create-user.ts";
import { listInboxes } from "~/server/domain/admin/list-inboxes.ts";
import { listDepartments } from "~/server/domain/admin/list-departments.ts";
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
  return api;
}
