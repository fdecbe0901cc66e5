import { Router } from "express";
import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { createInbox } from "~/server/domain/admin/create-inbox.ts";
import { createDepartment } from "~/server/domain/admin/create-department.ts";
import { createUser } from "~/server/domain/admin/create-user.ts";
import { listInboxes } from "~/server/domain/admin/list-inboxes.ts";
import { listDepartments } from "~/server/domain/admin/list-departments.ts";

/** Admin-only endpoints; the domain functions check the role. */
export function adminRoutes(ctx: AppContext) {
  const router = Router();
  router.get(
    "/inboxes",
    route(async (req, res) => res.json({ items: await listInboxes(ctx, await requireActor(ctx, req, res)) })),
  );
  router.post(
    "/inboxes",
    route(async (req, res) => res.status(201).json(await createInbox(ctx, await requireActor(ctx, req, res), req.body))),
  );
  router.get(
    "/departments",
    route(async (req, res) => res.json({ items: await listDepartments(ctx, await requireActor(ctx, req, res)) })),
  );
  router.post(
    "/departments",
    route(async (req, res) => res.status(201).json(await createDepartment(ctx, await requireActor(ctx, req, res), req.body))),
  );
  router.post(
    "/users",
    route(async (req, res) => {
      const user = await createUser(ctx, await requireActor(ctx, req, res), req.body);
      res.status(201).json({ ...user, memberships: undefined, departmentIds: user.memberships.map((m) => m.departmentId) });
    }),
  );
  return router;
}
