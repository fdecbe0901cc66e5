import { Link, useFetcher } from "react-router";
import type { Route } from "./+types/duplicates";
import { requireAdmin } from "~/app/lib/auth.server.ts";
import { actionResult } from "~/app/lib/errors.server.ts";
import { dismissDuplicate, listDuplicates, refreshDuplicates } from "~/app/lib/imports.server.ts";
import { mergeContacts } from "~/app/lib/merge.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";
import { type MessageKey, useT } from "~/app/i18n/index.ts";
import importStyles from "~/app/styles/import.css?url";
import "~/app/i18n/pages/import.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: importStyles }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const admin = await requireAdmin(request, context);
  return listDuplicates(context.app, admin);
}

export async function action({ request, context }: Route.ActionArgs) {
  const admin = await requireAdmin(request, context);
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  if (intent === "scan") return { ok: true as const, intent, pairs: (await refreshDuplicates(context.app)).pairs };
  return actionResult(intent, async () => {
    if (intent === "merge") await mergeContacts(context.app, admin, String(form.get("sourceId")), { intoId: String(form.get("intoId")) });
    else await dismissDuplicate(context.app, admin, String(form.get("id")));
  });
}

type Suggestion = Route.ComponentProps["loaderData"]["items"][number];

export default function Duplicates({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const scan = useFetcher<typeof action>();
  const scanned = scan.state === "idle" && scan.data && "pairs" in scan.data ? scan.data.pairs : undefined;
  return (
    <section className="import-steps">
      <div style={{ display: "flex", alignItems: "start", gap: 12 }}>
        <div style={{ flex: 1 }}>
          <h1 style={{ marginBottom: 6 }}>{t("dup.title")}</h1>
          <p className="muted small" style={{ maxWidth: 720 }}>
            {t("dup.intro")}
          </p>
        </div>
        <scan.Form method="post">
          <input type="hidden" name="intent" value="scan" />
          <button className="button" type="submit" disabled={scan.state !== "idle"}>
            {t("dup.scan")}
          </button>
        </scan.Form>
      </div>
      {scanned !== undefined ? (
        <div className="alert success" role="status">
          {t("dup.scanned", { count: scanned })}
        </div>
      ) : null}
      {loaderData.items.length === 0 ? <p className="card card-body muted">{t("dup.empty")}</p> : null}
      {loaderData.items.length ? <p className="small muted">{t("dup.total", { count: loaderData.total })}</p> : null}
      {loaderData.items.map((s) => (
        <SuggestionCard key={s.id} suggestion={s} />
      ))}
    </section>
  );
}

function SuggestionCard({ suggestion }: { suggestion: Suggestion }) {
  const t = useT();
  const fetcher = useFetcher<typeof action>();
  const [a, b] = suggestion.contacts;
  const failed = fetcher.state === "idle" && fetcher.data && "error" in fetcher.data ? fetcher.data.error : null;
  return (
    <article className="card card-body form-stack" data-testid="duplicate" data-id={suggestion.id}>
      <div style={{ display: "flex", gap: 6, flexWrap: "wrap", alignItems: "center" }}>
        {suggestion.reasons.map((r) => (
          <span key={r} className="badge" data-reason={r}>
            {t(`dup.reason.${r}` as MessageKey)}
          </span>
        ))}
        <span style={{ flex: 1 }} />
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="dismiss" />
          <input type="hidden" name="id" value={suggestion.id} />
          <button className="button small" type="submit" disabled={fetcher.state !== "idle"}>
            {t("dup.dismiss")}
          </button>
        </fetcher.Form>
      </div>
      {failed ? (
        <div className="alert error" role="alert">
          {failed}
        </div>
      ) : null}
      <div className="dup-pair">
        {[a!, b!].map((c, i) => {
          const other = i === 0 ? b! : a!;
          return (
            <div key={c.id} className="dup-contact">
              <Link to={`/contacts/${c.id}`}>
                <strong>{c.name}</strong>
              </Link>
              {c.nameReading ? <span className="small muted">{c.nameReading}</span> : null}
              {c.company ? <span className="small">{c.company.name}</span> : null}
              {c.identities.map((id) => (
                <span key={`${id.kind}:${id.address}`} className="small muted">
                  {id.address}
                </span>
              ))}
              <span className="small muted">{t("dup.conversations", { count: c.conversations })}</span>
              <fetcher.Form method="post">
                <input type="hidden" name="intent" value="merge" />
                <input type="hidden" name="sourceId" value={other.id} />
                <input type="hidden" name="intoId" value={c.id} />
                <button className="button small primary" type="submit" disabled={fetcher.state !== "idle"}>
                  {t("dup.keep")}
                </button>
              </fetcher.Form>
            </div>
          );
        })}
      </div>
    </article>
  );
}
