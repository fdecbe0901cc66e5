import type { Route } from "./+types/csat-settings";
import { requireAdmin } from "~/app/lib/auth.server.ts";
import { updateDepartmentSettings } from "~/app/lib/domain.server.ts";
import { updateInbox } from "~/app/lib/csat.server.ts";
import { actionResult } from "~/app/lib/errors.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";

/** Admin pages: saves the survey settings of an inbox or a department through their own update flows. */
export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireAdmin(request, context);
  const form = await readForm(request);
  const id = String(form.get("id") ?? "");
  const csat = { enabled: form.get("enabled") === "on", quietPeriodDays: Number(form.get("quietPeriodDays")) };
  return actionResult("csat", () =>
    form.get("target") === "department"
      ? updateDepartmentSettings(context.app, user, id, { csat })
      : updateInbox(context.app, user, id, { csat }),
  );
}
