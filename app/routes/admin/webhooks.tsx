import { useFetcher } from "react-router";
import { WEBHOOK_EVENTS } from "~/common/webhook-vocabulary.ts";
import type { Route } from "./+types/webhooks";
import { requireAdmin } from "~/app/lib/auth.server.ts";
import { createWebhook, listWebhookDeliveries, listWebhooks } from "~/app/lib/domain.server.ts";
import { isAppError } from "~/app/lib/errors.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";
import { useT } from "~/app/i18n/index.ts";
import { SetupInfo } from "~/app/components/admin/setup-info.tsx";
import { WebhookEndpointRow } from "~/app/components/admin/webhook-endpoint.tsx";
import { webhookAction } from "~/app/lib/webhook-actions.server.ts";
import "~/app/i18n/pages/admin.ts";
import "~/app/i18n/pages/trust.ts";

const iso = (d: Date | null) => d?.toISOString() ?? null;

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireAdmin(request, context);
  const endpoints = await listWebhooks(context.app, user);
  // One endpoint's delivery log at a time (?log=<id>): no query per row.
  const logId = new URL(request.url).searchParams.get("log");
  const open = endpoints.find((e) => e.id === logId);
  const log = open ? await listWebhookDeliveries(context.app, user, open.id, { limit: 50 }) : null;
  return {
    endpoints: endpoints.map((e) => ({ ...e, disabledAt: iso(e.disabledAt), createdAt: iso(e.createdAt), updatedAt: iso(e.updatedAt) })),
    log: log && {
      endpointId: open!.id,
      items: log.items.map((d) => ({
        ...d,
        createdAt: d.createdAt.toISOString(),
        lastAttemptAt: iso(d.lastAttemptAt),
        nextAttemptAt: iso(d.nextAttemptAt),
      })),
    },
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireAdmin(request, context);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "create");
  try {
    if (intent !== "create") return await webhookAction(context.app, user, intent, form);
    const created = await createWebhook(context.app, user, {
      url: String(form.get("url") ?? ""),
      events: form.getAll("events").map(String),
      enabled: form.get("enabled") === "on",
    });
    // The plaintext secret is in this one answer only.
    return { ok: true as const, intent, secret: created.secret };
  } catch (error) {
    if (isAppError(error)) return { ok: false as const, intent, error: error.message };
    throw error;
  }
}

export default function Webhooks({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const create = useFetcher<typeof action>();
  const result = create.state === "idle" ? create.data : undefined;
  const secret = result?.ok && "secret" in result ? result.secret : undefined;
  return (
    <div className="admin-grid">
      <section>
        <h1 style={{ marginBottom: 16 }}>{t("webhooks.title")}</h1>
        <div className="card department-list" data-testid="webhooks">
          {loaderData.endpoints.length === 0 ? <p className="card-body muted">{t("webhooks.empty")}</p> : null}
          {loaderData.endpoints.map((e) => (
            <WebhookEndpointRow key={e.id} endpoint={e} log={loaderData.log?.endpointId === e.id ? loaderData.log.items : null} />
          ))}
        </div>
      </section>
      <create.Form method="post" className="card card-body form-stack" autoComplete="off" data-testid="new-webhook">
        <h2>{t("webhooks.new")}</h2>
        {result && !result.ok ? (
          <div className="alert error" role="alert">
            {result.error}
          </div>
        ) : null}
        {secret ? (
          <div className="alert success" role="status" data-testid="webhook-secret">
            {t("webhooks.secretOnce")}
            <SetupInfo items={[{ label: t("webhooks.secret"), value: secret }]} />
          </div>
        ) : null}
        <label className="field">
          {t("webhooks.url")}
          <input type="url" name="url" required maxLength={2000} placeholder="https://example.com/hooks/switchboard" />
        </label>
        <fieldset>
          <legend>{t("webhooks.events")}</legend>
          {WEBHOOK_EVENTS.map((ev) => (
            <label key={ev} className="check">
              <input type="checkbox" name="events" value={ev} /> <code>{ev}</code>
            </label>
          ))}
        </fieldset>
        <label className="check">
          <input type="checkbox" name="enabled" defaultChecked /> {t("webhooks.enabled")}
        </label>
        <button className="button primary" type="submit" disabled={create.state !== "idle"}>
          {create.state !== "idle" ? t("admin.creating") : t("admin.create")}
        </button>
      </create.Form>
    </div>
  );
}
