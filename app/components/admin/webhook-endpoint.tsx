import { useEffect } from "react";
import { Link, useFetcher, useRevalidator } from "react-router";
import { useI18n, useT, type MessageKey } from "~/app/i18n/index.ts";
import { fullDateTime } from "~/app/lib/format.ts";
import { SetupInfo } from "./setup-info.tsx";
import "~/app/i18n/pages/trust.ts";

export interface WebhookEndpointView {
  id: string;
  url: string;
  events: string[];
  enabled: boolean;
  disabledAt: string | null;
  disabledReason: string | null;
}

export interface WebhookDeliveryView {
  id: string;
  eventType: string;
  status: string;
  attempts: number;
  responseStatus: number | null;
  responseSnippet: string | null;
  latencyMs: number | null;
  lastError: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
}

type Result = { ok: true; intent: string; secret?: string } | { ok: false; intent: string; error: string };

/** A time in the admin's language; the server's and the browser's time zones differ, so it may change on hydration. */
function When({ iso }: { iso: string | null }) {
  const { locale } = useI18n();
  if (!iso) return <>—</>;
  return (
    <time dateTime={iso} suppressHydrationWarning>
      {fullDateTime(iso, locale)}
    </time>
  );
}

/** A button that posts one intent about this endpoint (or one of its deliveries). */
function IntentButton(props: { intent: string; webhookId: string; deliveryId?: string; label: string; confirm?: string }) {
  const fetcher = useFetcher<Result>();
  const failed = fetcher.state === "idle" && fetcher.data && !fetcher.data.ok ? fetcher.data.error : null;
  return (
    <fetcher.Form
      method="post"
      className="inline-form"
      onSubmit={(e) => {
        if (props.confirm && !window.confirm(props.confirm)) e.preventDefault();
      }}
    >
      <input type="hidden" name="intent" value={props.intent} />
      <input type="hidden" name="webhookId" value={props.webhookId} />
      {props.deliveryId ? <input type="hidden" name="deliveryId" value={props.deliveryId} /> : null}
      <button className="button small" type="submit" disabled={fetcher.state !== "idle"}>
        {props.label}
      </button>
      {failed ? (
        <span className="small error-text" role="alert">
          {failed}
        </span>
      ) : null}
    </fetcher.Form>
  );
}

/** One endpoint: URL, events, state, its actions, and (when opened) its delivery log. */
export function WebhookEndpointRow({ endpoint: e, log }: { endpoint: WebhookEndpointView; log: WebhookDeliveryView[] | null }) {
  const { t, locale } = useI18n();
  const rotate = useFetcher<Result>();
  const rotated = rotate.state === "idle" && rotate.data?.ok ? rotate.data.secret : undefined;
  return (
    <div className="webhook" data-webhook-id={e.id}>
      <div className="webhook-head">
        <code className="webhook-url">{e.url}</code>
        <span className={`badge${e.enabled ? " status-open" : ""}`}>{e.enabled ? t("webhooks.enabled") : t("webhooks.disabled")}</span>
      </div>
      <div className="tags">
        {e.events.map((ev) => (
          <span key={ev} className="tag">
            {ev}
          </span>
        ))}
      </div>
      {e.disabledAt ? (
        <div className="alert error" role="alert" suppressHydrationWarning>
          {t("webhooks.disabledNotice", { time: fullDateTime(e.disabledAt, locale), reason: e.disabledReason ?? "" })}
        </div>
      ) : null}
      {rotated ? (
        <div className="alert success" role="status" data-testid="rotated-secret">
          {t("webhooks.secretOnce")}
          <SetupInfo items={[{ label: t("webhooks.secret"), value: rotated }]} />
        </div>
      ) : null}
      <div className="webhook-actions">
        <IntentButton
          intent={e.enabled ? "disable" : "enable"}
          webhookId={e.id}
          label={t(e.enabled ? "webhooks.disable" : "webhooks.enable")}
        />
        {e.enabled ? <IntentButton intent="test" webhookId={e.id} label={t("webhooks.sendTest")} /> : null}
        <rotate.Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="rotate" />
          <input type="hidden" name="webhookId" value={e.id} />
          <button className="button small" type="submit" disabled={rotate.state !== "idle"}>
            {t("webhooks.rotate")}
          </button>
        </rotate.Form>
        <IntentButton intent="delete" webhookId={e.id} label={t("webhooks.delete")} confirm={t("webhooks.deleteConfirm")} />
        {log ? (
          <Link className="button small ghost" to="?" preventScrollReset>
            {t("webhooks.hideLog")}
          </Link>
        ) : (
          <Link className="button small ghost" to={`?log=${e.id}`} preventScrollReset>
            {t("webhooks.log")}
          </Link>
        )}
      </div>
      {log ? <DeliveryLog webhookId={e.id} enabled={e.enabled} items={log} /> : null}
    </div>
  );
}

function DeliveryLog({ webhookId, enabled, items }: { webhookId: string; enabled: boolean; items: WebhookDeliveryView[] }) {
  const t = useT();
  const revalidator = useRevalidator();
  // While a delivery waits for its first attempt the log refreshes itself; retries later wait minutes.
  const waiting = items.some((d) => d.status === "pending" && d.attempts === 0);
  useEffect(() => {
    if (!waiting || revalidator.state !== "idle") return;
    const timer = setTimeout(() => void revalidator.revalidate(), 2000);
    return () => clearTimeout(timer);
  }, [waiting, revalidator]);
  return (
    <div className="webhook-log">
      <div className="webhook-head">
        <h3>{t("webhooks.log")}</h3>
        <button className="button small ghost" type="button" onClick={() => void revalidator.revalidate()}>
          {t("webhooks.refresh")}
        </button>
      </div>
      {items.length === 0 ? <p className="muted small">{t("webhooks.logEmpty")}</p> : null}
      {items.length ? (
        <table className="table" data-testid="webhook-deliveries">
          <thead>
            <tr>
              <th>{t("webhooks.event")}</th>
              <th>{t("webhooks.status")}</th>
              <th>{t("webhooks.attempts")}</th>
              <th>{t("webhooks.response")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id} data-delivery-id={d.id} data-status={d.status}>
                <td>
                  <code>{d.eventType}</code>
                  <div className="small muted">
                    <When iso={d.createdAt} />
                  </div>
                </td>
                <td>
                  <span className={`badge ${STATUS_CLASS[d.status] ?? ""}`}>{t(`webhooks.status.${d.status}` as MessageKey)}</span>
                  <div className="small muted">
                    {t("webhooks.httpCode")} {d.responseStatus ?? "—"} ·{" "}
                    {d.latencyMs === null ? "—" : t("webhooks.ms", { ms: d.latencyMs })}
                  </div>
                </td>
                <td>
                  {d.attempts}
                  {d.status === "pending" ? (
                    <div className="small muted">
                      {t("webhooks.nextRetry")}: <When iso={d.nextAttemptAt} />
                    </div>
                  ) : null}
                </td>
                <td className="small">
                  <span className="webhook-snippet" title={d.responseSnippet ?? d.lastError ?? undefined}>
                    {d.responseSnippet ?? d.lastError ?? "—"}
                  </span>
                </td>
                <td>
                  {enabled ? (
                    <IntentButton intent="redeliver" webhookId={webhookId} deliveryId={d.id} label={t("webhooks.redeliver")} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}

const STATUS_CLASS: Record<string, string> = { pending: "status-pending", succeeded: "status-resolved", failed: "priority-urgent" };
