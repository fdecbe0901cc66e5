import type { AppContext } from "~/server/context.ts";
import { route } from "~/server/http/errors.ts";
import { requireActor } from "~/server/http/authenticate.ts";
import {
  createAutomationRule,
  deleteAutomationRule,
  getAutomationRule,
  listAutomationRules,
  updateAutomationRule,
} from "~/server/domain/automation/automation-rules.ts";
import { automationRulePatch, newAutomationRule } from "~/server/domain/automation/rule-schema.ts";
import {
  createMacro,
  deleteMacro,
  listMacros,
  macroPatch,
  newMacro,
  runMacro,
  runMacroInput,
  updateMacro,
} from "~/server/domain/macros/macros.ts";
import { apiRouter } from "./api-router.ts";

/** Automation rules and macros (issue 12). Mount after express.json(). */
export function automationRoutes(ctx: AppContext) {
  const api = apiRouter();
  const id = (req: { params: Record<string, unknown> }) => String(req.params.id);
  api.get(
    "/automation-rules",
    { summary: "Automation rules in the order they run", admin: true },
    route(async (req, res) => res.json({ items: await listAutomationRules(ctx, await requireActor(ctx, req, res)) })),
  );
  api.post(
    "/automation-rules",
    {
      summary: "Create a rule: when `event`, if `conditions` (all or any, per `match`), then `actions`",
      body: { name: "NewAutomationRule", schema: newAutomationRule },
      status: 201,
      admin: true,
    },
    route(async (req, res) => res.status(201).json(await createAutomationRule(ctx, await requireActor(ctx, req, res), req.body ?? {}))),
  );
  api.get(
    "/automation-rules/:id",
    { summary: "One automation rule", admin: true },
    route(async (req, res) => res.json(await getAutomationRule(ctx, await requireActor(ctx, req, res), id(req)))),
  );
  api.patch(
    "/automation-rules/:id",
    {
      summary: "Change, reorder, enable or disable a rule",
      body: { name: "AutomationRulePatch", schema: automationRulePatch },
      admin: true,
    },
    route(async (req, res) => res.json(await updateAutomationRule(ctx, await requireActor(ctx, req, res), id(req), req.body ?? {}))),
  );
  api.delete(
    "/automation-rules/:id",
    { summary: "Delete a rule", status: 204, admin: true },
    route(async (req, res) => {
      await deleteAutomationRule(ctx, await requireActor(ctx, req, res), id(req));
      res.status(204).end();
    }),
  );

  api.get(
    "/macros",
    { summary: "Macros agents can run" },
    route(async (req, res) => res.json({ items: await listMacros(ctx, await requireActor(ctx, req, res)) })),
  );
  api.post(
    "/macros",
    {
      summary: "Create a macro: a named bundle of automation actions",
      body: { name: "NewMacro", schema: newMacro },
      status: 201,
      admin: true,
    },
    route(async (req, res) => res.status(201).json(await createMacro(ctx, await requireActor(ctx, req, res), req.body ?? {}))),
  );
  api.patch(
    "/macros/:id",
    { summary: "Change a macro", body: { name: "MacroPatch", schema: macroPatch }, admin: true },
    route(async (req, res) => res.json(await updateMacro(ctx, await requireActor(ctx, req, res), id(req), req.body ?? {}))),
  );
  api.delete(
    "/macros/:id",
    { summary: "Delete a macro", status: 204, admin: true },
    route(async (req, res) => {
      await deleteMacro(ctx, await requireActor(ctx, req, res), id(req));
      res.status(204).end();
    }),
  );
  api.post(
    "/macros/:id/run",
    { summary: "Run a macro's actions on a conversation, as the signed-in agent", body: { name: "RunMacro", schema: runMacroInput } },
    route(async (req, res) => res.json(await runMacro(ctx, await requireActor(ctx, req, res), id(req), req.body ?? {}))),
  );
  return api;
}
