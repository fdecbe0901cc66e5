import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import {
  businessHoursPatch,
  createBusinessHours,
  deleteBusinessHours,
  getBusinessHours,
  listBusinessHours,
  newBusinessHours,
  updateBusinessHours,
} from "~/server/domain/business-hours/business-hours.ts";
import {
  businessHoursAssignment,
  setDepartmentBusinessHours,
  setInboxBusinessHours,
} from "~/server/domain/business-hours/assign-business-hours.ts";
import { apiRouter } from "./api-router.ts";

/** Business hours (issue 12) and their assignment to departments and inboxes. Mount after express.json(). */
export function businessHoursRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.get(
    "/business-hours",
    { summary: "List business hours" },
    route(async (req, res) => {
      await requireActor(ctx, req, res);
      res.json({ items: await listBusinessHours(ctx) });
    }),
  );
  api.post(
    "/business-hours",
    {
      summary: "Create business hours: an IANA zone (default Asia/Tokyo on a Japanese locale), intervals per weekday, holidays (admin)",
      body: { name: "NewBusinessHours", schema: newBusinessHours },
      status: 201,
      admin: true,
    },
    route(async (req, res) => res.status(201).json(await createBusinessHours(ctx, await requireActor(ctx, req, res), req.body ?? {}))),
  );
  api.get(
    "/business-hours/:id",
    { summary: "One set of business hours" },
    route(async (req, res) => {
      await requireActor(ctx, req, res);
      res.json(await getBusinessHours(ctx, String(req.params.id)));
    }),
  );
  api.patch(
    "/business-hours/:id",
    { summary: "Change business hours (admin)", body: { name: "BusinessHoursPatch", schema: businessHoursPatch }, admin: true },
    route(async (req, res) =>
      res.json(await updateBusinessHours(ctx, await requireActor(ctx, req, res), String(req.params.id), req.body ?? {})),
    ),
  );
  api.delete(
    "/business-hours/:id",
    {
      summary: "Delete business hours; departments, inboxes and SLA policies using them fall back to none (admin)",
      status: 204,
      admin: true,
    },
    route(async (req, res) => {
      await deleteBusinessHours(ctx, await requireActor(ctx, req, res), String(req.params.id));
      res.status(204).end();
    }),
  );
  api.put(
    "/departments/:id/business-hours",
    {
      summary: "Set a department's business hours (null: none) (admin)",
      body: { name: "BusinessHoursAssignment", schema: businessHoursAssignment },
      admin: true,
    },
    route(async (req, res) =>
      res.json(await setDepartmentBusinessHours(ctx, await requireActor(ctx, req, res), String(req.params.id), req.body ?? {})),
    ),
  );
  api.put(
    "/inboxes/:id/business-hours",
    {
      summary: "Set an inbox's business hours (null: none); the chat widget shows them (admin)",
      body: { name: "BusinessHoursAssignment", schema: businessHoursAssignment },
      admin: true,
    },
    route(async (req, res) =>
      res.json(await setInboxBusinessHours(ctx, await requireActor(ctx, req, res), String(req.params.id), req.body ?? {})),
    ),
  );
  return api;
}
