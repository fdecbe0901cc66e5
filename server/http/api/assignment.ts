import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import { handoffConversation, handoffInput } from "~/server/domain/assignment/handoff.ts";
import {
  assignmentSettingsInput,
  capacityInput,
  setUserCapacity,
  updateDepartmentSettings,
} from "~/server/domain/assignment/department-settings.ts";
import { apiRouter } from "./api-router.ts";

/** Who handles a conversation: handoffs between departments and the auto-assignment settings. Mount after express.json(). */
export function assignmentRoutes(ctx: AppContext) {
  const api = apiRouter();
  api.post(
    "/conversations/:id/handoff",
    {
      summary: "Move a conversation to another department with a note; notifies its members",
      body: { name: "Handoff", schema: handoffInput },
    },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await handoffConversation(ctx, actor, String(req.params.id), req.body ?? {}));
    }),
  );
  api.patch(
    "/departments/:id",
    {
      summary: "Auto-assignment, offline reassignment, restriction, members and Slack channel of a department (admin)",
      body: { name: "DepartmentSettings", schema: assignmentSettingsInput },
      admin: true,
    },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await updateDepartmentSettings(ctx, actor, String(req.params.id), req.body ?? {}));
    }),
  );
  api.patch(
    "/users/:id/capacity",
    {
      summary: "How many open + pending conversations auto-assignment may give an agent (admin)",
      body: { name: "Capacity", schema: capacityInput },
      admin: true,
    },
    route(async (req, res) => {
      const actor = await requireActor(ctx, req, res);
      res.json(await setUserCapacity(ctx, actor, String(req.params.id), req.body ?? {}));
    }),
  );
  return api;
}
