import { Link, useFetcher } from "react-router";
import { useI18n } from "~/app/i18n/index.ts";
import { FormResult } from "~/app/components/admin/form-result.tsx";
import "~/app/i18n/pages/customers.ts";

export interface SegmentItem {
  id: string;
  name: string;
  filter: unknown;
  shared: boolean;
  departmentId: string | null;
  ownerId: string;
  count: number | null;
}

/** The Customers page sidebar: saved segments with live counts, and "save the current filter as a segment". */
export function SegmentList(props: {
  segments: SegmentItem[];
  current: string | null;
  /** The current contact filter; null on the companies list (segments are of people). */
  filterJson: string | null;
  departments: { id: string; name: string }[];
  canDelete: (segment: SegmentItem) => boolean;
}) {
  const { t } = useI18n();
  const save = useFetcher<{ ok: boolean; error?: string }>();
  const remove = useFetcher();
  const busy = save.state !== "idle";
  return (
    <aside className="form-stack">
      <section className="card card-body" aria-labelledby="segments-title">
        <h2 id="segments-title">{t("segments.title")}</h2>
        {props.segments.length === 0 ? <p className="muted small">{t("segments.none")}</p> : null}
        <ul className="plain-list segment-list">
          {props.segments.map((s) => (
            <li key={s.id} className={props.current === s.id ? "active" : undefined}>
              <Link
                to={`?${new URLSearchParams({ segment: s.id, filter: JSON.stringify(s.filter) })}`}
                aria-current={props.current === s.id ? "true" : undefined}
              >
                {s.name}
              </Link>
              {s.shared ? <span className="badge">{t("segments.shared")}</span> : null}
              <span className="count muted" data-testid="segment-count">
                {s.count ?? t("segments.noCount")}
              </span>
              {props.canDelete(s) ? (
                <remove.Form method="post">
                  <input type="hidden" name="intent" value="delete-segment" />
                  <input type="hidden" name="id" value={s.id} />
                  <button
                    type="submit"
                    className="button ghost small"
                    aria-label={`${t("segments.delete")}: ${s.name}`}
                    title={t("segments.delete")}
                  >
                    ×
                  </button>
                </remove.Form>
              ) : null}
            </li>
          ))}
        </ul>
      </section>
      <section className="card card-body">
        {props.filterJson === null ? (
          <p className="muted small">{t("segments.contactsOnly")}</p>
        ) : (
          <save.Form method="post" className="form-stack" key={save.data?.ok ? "saved" : "form"}>
            <h3 className="muted">{t("segments.save")}</h3>
            <input type="hidden" name="intent" value="save-segment" />
            <input type="hidden" name="filter" value={props.filterJson} />
            <label className="field">
              <span>{t("segments.name")}</span>
              <input type="text" name="name" required maxLength={120} />
            </label>
            <label className="field">
              <span>{t("segments.sharing")}</span>
              <select name="sharing" defaultValue="private">
                <option value="private">{t("segments.private")}</option>
                <option value="everyone">{t("segments.everyone")}</option>
                {props.departments.map((d) => (
                  <option key={d.id} value={`department:${d.id}`}>
                    {t("segments.department", { name: d.name })}
                  </option>
                ))}
              </select>
            </label>
            <div>
              <button type="submit" className="button primary" disabled={busy}>
                {t("segments.save")}
              </button>
            </div>
            <FormResult data={save.data} busy={busy} okText={t("segments.saved")} />
          </save.Form>
        )}
      </section>
    </aside>
  );
}
