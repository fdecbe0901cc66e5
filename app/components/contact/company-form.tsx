import { useFetcher } from "react-router";
import { useT } from "~/app/i18n/index.ts";
import { FormResult } from "~/app/components/admin/form-result.tsx";
import "~/app/i18n/pages/customers.ts";

/** Name, domains and notes of a company; `intent` tells the route's action what to do with them. */
export function CompanyForm(props: {
  intent: string;
  initial?: { name: string; domains: string[]; notes: string };
  submitLabel: string;
  okText: string;
}) {
  const t = useT();
  const fetcher = useFetcher<{ ok: boolean; error?: string }>();
  const busy = fetcher.state !== "idle";
  return (
    <fetcher.Form method="post" className="form-stack" key={props.initial ? undefined : fetcher.data?.ok ? "done" : "new"}>
      <input type="hidden" name="intent" value={props.intent} />
      <label className="field">
        <span>{t("companies.name")}</span>
        <input name="name" required maxLength={200} defaultValue={props.initial?.name} />
      </label>
      <label className="field">
        <span>{t("companies.domains")}</span>
        <textarea name="domains" rows={2} defaultValue={props.initial?.domains.join("\n")} />
        <span className="muted small">{t("companies.domainsHint")}</span>
      </label>
      <label className="field">
        <span>{t("companies.notes")}</span>
        <textarea name="notes" rows={3} defaultValue={props.initial?.notes} />
      </label>
      <div>
        <button type="submit" className="button primary" disabled={busy}>
          {props.submitLabel}
        </button>
      </div>
      <FormResult data={fetcher.data} busy={busy} okText={props.okText} />
    </fetcher.Form>
  );
}

/** The form's fields as the company flows take them (domains arrive one per line or comma-separated). */
export function companyFields(form: FormData) {
  return {
    name: String(form.get("name") ?? ""),
    domains: String(form.get("domains") ?? "")
      .split(/[\s,、]+/)
      .filter(Boolean),
    notes: String(form.get("notes") ?? ""),
  };
}
