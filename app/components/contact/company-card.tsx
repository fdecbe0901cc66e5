import { Link, useFetcher } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import { BuildingIcon } from "~/app/components/icons.tsx";
import "~/app/i18n/pages/customers.ts";

/** The customer's company: open it, unlink it, or link one by hand (auto-linking goes by email domain). */
export function CompanyCard(props: { company: { id: string; name: string } | null; choices: { id: string; name: string }[] }) {
  const t = useT();
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const busy = fetcher.state !== "idle";
  return (
    <section className="card card-body">
      <h3 className="muted" style={{ marginBottom: 8 }}>
        {t("customer.company")}
      </h3>
      {props.company ? (
        <fetcher.Form method="post" className="channel-label" style={{ fontSize: 13, color: "var(--text)" }}>
          <BuildingIcon className="channel-icon" />
          <Link to={`/companies/${props.company.id}`}>{props.company.name}</Link>
          <input type="hidden" name="intent" value="company" />
          <input type="hidden" name="companyId" value="" />
          <button type="submit" className="button small" style={{ marginLeft: "auto" }} disabled={busy}>
            {t("companies.unlink")}
          </button>
        </fetcher.Form>
      ) : (
        <fetcher.Form method="post" className="form-stack">
          <span className="muted small">{t("customer.noCompany")}</span>
          <input type="hidden" name="intent" value="company" />
          <select name="companyId" required defaultValue="" aria-label={t("companies.link")}>
            <option value="" disabled>
              {t("companies.choose")}
            </option>
            {props.choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <div>
            <button type="submit" className="button small" disabled={busy}>
              {t("companies.link")}
            </button>
          </div>
        </fetcher.Form>
      )}
      {fetcher.data && !fetcher.data.ok ? (
        <div className="alert error" role="alert">
          {fetcher.data.error}
        </div>
      ) : null}
    </section>
  );
}
