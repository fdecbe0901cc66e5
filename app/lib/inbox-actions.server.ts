import { data, type AppLoadContext } from "react-router";
import { requireUser } from "./auth.server.ts";
import { bulkUpdateConversations, setListDensity } from "./domain.server.ts";
import { isAppError } from "./errors.server.ts";
import { readForm } from "./read-form.server.ts";

type Args = { request: Request; context: AppLoadContext };

/**
 * The conversation list's forms: a bulk action on the selected rows, or the list density. Fields go to
 * the flows as they are (their schemas, the ones the REST API documents, validate); only form encoding
 * is undone here: repeated fields are arrays, and a select's "" means none.
 */
export async function inboxAction({ request, context }: Args) {
  const user = await requireUser(request, context);
  const form = await readForm(request);
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const orNull = (name: string) => (form.has(name) ? field(name) || null : undefined);
  try {
    if (field("intent") === "density") {
      return { ok: true as const, intent: "density", density: await setListDensity(context.app, user, field("density")) };
    }
    if (field("intent") !== "bulk")
      return data({ ok: false as const, intent: "", error: "intent: must be bulk or density" }, { status: 400 });
    const input = {
      action: field("action"),
      ids: form.getAll("ids"),
      assigneeId: orNull("assigneeId"),
      departmentId: orNull("departmentId"),
      tags: form.has("tags") ? form.getAll("tags") : undefined,
      status: field("status"),
      snoozedUntil: field("snoozedUntil"),
      sendSurvey: form.has("sendSurvey") ? field("sendSurvey") === "true" : undefined,
      intoId: field("intoId"),
    };
    const defined = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    return { ok: true as const, intent: "bulk", ...(await bulkUpdateConversations(context.app, user, defined)) };
  } catch (error) {
    if (isAppError(error))
      return data({ ok: false as const, intent: field("intent") ?? "", error: error.message }, { status: error.status });
    throw error;
  }
}
