import { useFetcher } from "react-router";
import type { Route } from "./+types/api-tokens";
import { requireUser } from "~/app/lib/auth.server.ts";
import { createPersonalApiToken, listApiTokens, revokeApiToken } from "~/app/lib/api-tokens.server.ts";
import { isAppError } from "~/app/lib/errors.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";
import { useT } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/audit.ts";

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireUser(request, context);
  const tokens = await listApiTokens(context.app, user.id);
  return {
    tokens: tokens.map((t) => ({
      ...t,
      createdAt: t.createdAt.toISOString(),
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      expiresAt: t.expiresAt?.toISOString() ?? null,
    })),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireUser(request, context);
  const form = await readForm(request);
  if (form.get("intent") === "revoke") {
    await revokeApiToken(context.app, user.id, String(form.get("tokenId") ?? ""), { ip: user.ip });
    return { ok: true as const, token: null };
  }
  try {
    const created = await createPersonalApiToken(context.app, user, {
      name: String(form.get("name") ?? ""),
      expiresAt: String(form.get("expiresAt") ?? "") || null,
    });
    // The plaintext is in this one answer only.
    return { ok: true as const, token: created.token };
  } catch (error) {
    if (isAppError(error)) return { ok: false as const, error: error.message, token: null };
    throw error;
  }
}

const day = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString() : null);

export default function ApiTokens({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const create = useFetcher<typeof action>();
  const result = create.state === "idle" ? create.data : undefined;
  return (
    <div className="admin-grid">
      <section>
        <h1 style={{ marginBottom: 16 }}>{t("tokens.title")}</h1>
        <div className="card">
          {loaderData.tokens.length === 0 ? <p className="card-body muted">{t("tokens.empty")}</p> : null}
          <table className="table" data-testid="api-tokens">
            <thead>
              <tr>
                <th>{t("tokens.name")}</th>
                <th>{t("tokens.created")}</th>
                <th>{t("tokens.lastUsed")}</th>
                <th>{t("tokens.expires")}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {loaderData.tokens.map((tok) => (
                <tr key={tok.id} data-token-id={tok.id}>
                  <td>
                    <strong>{tok.name}</strong>
                  </td>
                  <td className="small">{day(tok.createdAt)}</td>
                  <td className="small">{tok.lastUsedAt ? new Date(tok.lastUsedAt).toLocaleString() : t("tokens.unused")}</td>
                  <td className="small">{day(tok.expiresAt) ?? t("tokens.never")}</td>
                  <td>
                    <RevokeButton id={tok.id} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <create.Form method="post" className="card card-body form-stack" autoComplete="off">
        <h2>{t("tokens.create")}</h2>
        {result && !result.ok ? (
          <div className="alert error" role="alert">
            {result.error}
          </div>
        ) : null}
        {result?.token ? (
          <div className="alert success" role="status">
            {t("tokens.shownOnce")}
            <code data-testid="new-token" style={{ display: "block", wordBreak: "break-all", marginTop: 6 }}>
              {result.token}
            </code>
          </div>
        ) : null}
        <label className="field">
          {t("tokens.name")}
          <input type="text" name="name" required maxLength={100} />
        </label>
        <label className="field">
          {t("tokens.expires")}
          <input type="date" name="expiresAt" />
        </label>
        <button className="button primary" type="submit" disabled={create.state !== "idle"}>
          {t("tokens.create")}
        </button>
      </create.Form>
    </div>
  );
}

function RevokeButton({ id }: { id: string }) {
  const t = useT();
  const fetcher = useFetcher();
  return (
    <fetcher.Form method="post">
      <input type="hidden" name="intent" value="revoke" />
      <input type="hidden" name="tokenId" value={id} />
      <button className="button small" type="submit" disabled={fetcher.state !== "idle"}>
        {t("tokens.revoke")}
      </button>
    </fetcher.Form>
  );
}
