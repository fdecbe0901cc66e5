import { useEffect, useState } from "react";
import { Link, useSearchParams } from "react-router";
import type { Route } from "./+types/import";
import { requireAdmin } from "~/app/lib/auth.server.ts";
import { orThrowResponse } from "~/app/lib/errors.server.ts";
import { getImport, type ImportView, listImports } from "~/app/lib/imports.server.ts";
import { type MessageKey, useI18n, useT } from "~/app/i18n/index.ts";
import { TimeAgo } from "~/app/components/time-ago.tsx";
import importStyles from "~/app/styles/import.css?url";
import "~/app/i18n/pages/import.ts";

export const links: Route.LinksFunction = () => [{ rel: "stylesheet", href: importStyles }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const admin = await requireAdmin(request, context);
  const jobId = new URL(request.url).searchParams.get("job");
  return {
    job: jobId ? await orThrowResponse(getImport(context.app, admin, jobId)) : null,
    recent: await listImports(context.app, admin),
  };
}

type Job = ImportView;
const ACTIVE = new Set(["queued", "running"]);

async function apiJson(path: string, init: RequestInit) {
  const res = await fetch(path, init);
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body?.error?.message ?? res.statusText);
  return body as Job;
}

/** Upload → mapping → dry run → run → progress → summary, over REST API v1 (the browser's session cookie). */
export default function ImportPage({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const [job, setJob] = useState<Job | null>(loaderData.job);
  const [mapping, setMapping] = useState<Record<string, string>>((loaderData.job?.mapping as Record<string, string>) ?? {});
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setJob(loaderData.job);
    setMapping((loaderData.job?.mapping as Record<string, string>) ?? {});
  }, [loaderData.job]);

  // Progress is polled while the job is queued or running.
  const pollId = job && ACTIVE.has(job.status) ? job.id : null;
  useEffect(() => {
    if (!pollId) return;
    const timer = setInterval(async () => {
      const res = await fetch(`/api/v1/imports/${pollId}`);
      if (res.ok) setJob((await res.json()) as Job);
    }, 1000);
    return () => clearInterval(timer);
  }, [pollId]);

  const act = async (fn: () => Promise<Job>) => {
    setBusy(true);
    setError(null);
    try {
      const next = await fn();
      setJob(next);
      setEditing(false);
      return next;
    } catch (e) {
      setError(t("import.uploadFailed", { error: (e as Error).message }));
      return null;
    } finally {
      setBusy(false);
    }
  };
  const upload = async (form: HTMLFormElement) => {
    const next = await act(() => apiJson("/api/v1/imports", { method: "POST", body: new FormData(form) }));
    if (next) {
      setMapping(next.mapping as Record<string, string>);
      setParams({ job: next.id }, { replace: true });
    }
  };
  const start = (dryRun: boolean) =>
    act(() =>
      apiJson(`/api/v1/imports/${job!.id}/run`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ mapping, dryRun }),
      }),
    );

  const showMapping = job && job.canRun && (job.status === "awaiting_mapping" || editing || job.status === "failed");
  return (
    <section className="import-steps">
      <div>
        <h1 style={{ marginBottom: 6 }}>{t("import.title")}</h1>
        <p className="muted small" style={{ maxWidth: 720 }}>
          {t("import.intro")}
        </p>
      </div>
      {error ? (
        <div className="alert error" role="alert">
          {error}
        </div>
      ) : null}
      {!job ? (
        <form
          data-testid="import-upload"
          className="card card-body form-stack"
          style={{ maxWidth: 520 }}
          onSubmit={(e) => {
            e.preventDefault();
            void upload(e.currentTarget);
          }}
        >
          <label className="field">
            {t("import.entity")}
            <select name="entity" defaultValue="contact">
              <option value="contact">{t("import.entity.contact")}</option>
              <option value="company">{t("import.entity.company")}</option>
            </select>
          </label>
          <label className="field">
            {t("import.file")}
            <input type="file" name="file" accept=".csv,text/csv" required />
          </label>
          <button className="button primary" type="submit" disabled={busy}>
            {busy ? t("import.uploading") : t("import.upload")}
          </button>
        </form>
      ) : (
        <JobHeader job={job} />
      )}
      {job?.status === "failed" && job.error ? (
        <div className="alert error" role="alert">
          {t("import.failed", { error: job.error })}
        </div>
      ) : null}
      {showMapping ? (
        <MappingTable job={job} mapping={mapping} onChange={setMapping} busy={busy} onDryRun={() => void start(true)} />
      ) : null}
      {job && ACTIVE.has(job.status) ? <Progress job={job} /> : null}
      {job?.status === "done" && !editing ? (
        <Outcome
          job={job}
          busy={busy}
          onRun={() => void start(false)}
          onEdit={() => setEditing(true)}
          onAgain={() => {
            setJob(null);
            setParams({}, { replace: true });
          }}
        />
      ) : null}
      {!params.get("job") ? <Recent items={loaderData.recent} /> : null}
    </section>
  );
}

function JobHeader({ job }: { job: Job }) {
  const t = useT();
  return (
    <div className="card card-body" style={{ display: "flex", gap: 12, alignItems: "center", flexWrap: "wrap" }}>
      <strong>{job.filename}</strong>
      <span className="badge">{t(`import.entity.${job.entity}` as MessageKey)}</span>
      <span className="badge" data-testid="import-status">
        {t(`import.status.${job.status}` as MessageKey)}
        {job.dryRun && job.status !== "awaiting_mapping" ? ` · ${t("import.dry")}` : ""}
      </span>
      <span className="muted small">{t("import.encoding", { encoding: job.encoding })}</span>
    </div>
  );
}

function MappingTable(props: {
  job: Job;
  mapping: Record<string, string>;
  onChange: (m: Record<string, string>) => void;
  busy: boolean;
  onDryRun: () => void;
}) {
  const t = useT();
  const { locale } = useI18n();
  const { job, mapping } = props;
  const label = (target: Job["targets"][number]) =>
    target.label
      ? t("import.attribute", { label: (locale === "ja" ? target.labelJa : null) ?? target.label })
      : t(`import.field.${target.value}` as MessageKey);
  return (
    <div className="card">
      <div className="card-body">
        <h2>{t("import.mappingTitle")}</h2>
        <p className="muted small">{t("import.mappingHelp")}</p>
      </div>
      <table className="table" data-testid="import-mapping">
        <thead>
          <tr>
            <th>{t("import.column")}</th>
            <th>{t("import.sample")}</th>
            <th>{t("import.target")}</th>
          </tr>
        </thead>
        <tbody>
          {job.headers.map((header, i) => (
            <tr key={header}>
              <td>
                <strong>{header}</strong>
              </td>
              <td className="small muted">
                {job.preview
                  .slice(0, 3)
                  .map((row) => row[i])
                  .filter(Boolean)
                  .join(" · ")}
              </td>
              <td>
                <select
                  aria-label={header}
                  value={mapping[header] ?? ""}
                  onChange={(e) => props.onChange({ ...mapping, [header]: e.target.value })}
                >
                  <option value="">{t("import.ignore")}</option>
                  {job.targets.map((target) => (
                    <option key={target.value} value={target.value}>
                      {label(target)}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="card-body import-actions">
        <button className="button primary" type="button" disabled={props.busy} onClick={props.onDryRun}>
          {t("import.dryRun")}
        </button>
      </div>
    </div>
  );
}

function Progress({ job }: { job: Job }) {
  const t = useT();
  const { rowsDone, rowsEstimate, percent } = job.progress;
  return (
    <div className="card card-body form-stack" data-testid="import-progress">
      <strong>{job.dryRun ? t("import.checking") : t("import.running")}</strong>
      <div
        className="progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label={job.dryRun ? t("import.checking") : t("import.running")}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <span className="small muted">
        {rowsEstimate ? t("import.progress", { done: rowsDone, total: rowsEstimate }) : t("import.progressUnknown", { done: rowsDone })}
      </span>
    </div>
  );
}

function Outcome(props: { job: Job; busy: boolean; onRun: () => void; onEdit: () => void; onAgain: () => void }) {
  const t = useT();
  const { job } = props;
  const results = job.results as { row: number; action: string; label: string; changes?: string[]; reason?: string }[];
  const errors = job.errors as typeof results;
  return (
    <div className="card" data-testid={job.dryRun ? "import-dry-run" : "import-summary"}>
      <div className="card-body form-stack">
        <h2>{job.dryRun ? t("import.dryRunTitle") : t("import.summaryTitle")}</h2>
        {job.dryRun ? <p className="muted small">{t("import.dryRunHelp")}</p> : null}
        <div className="import-counts">
          {(["created", "updated", "unchanged", "rejected"] as const).map((k) => (
            <div key={k} className={`import-count ${k}`} data-count={k}>
              <span className="small muted">{t(`import.${k}`)}</span>
              <strong>{job.counts[k]}</strong>
            </div>
          ))}
        </div>
        <div className="import-actions">
          {job.dryRun && job.canRun ? (
            <>
              <button className="button primary" type="button" disabled={props.busy} onClick={props.onRun}>
                {t("import.run", { count: job.counts.created + job.counts.updated })}
              </button>
              <button className="button" type="button" disabled={props.busy} onClick={props.onEdit}>
                {t("import.changeMapping")}
              </button>
            </>
          ) : (
            <>
              <button className="button" type="button" onClick={props.onAgain}>
                {t("import.again")}
              </button>
              {job.entity === "contact" ? (
                <Link className="button" to="/admin/duplicates">
                  {t("import.seeDuplicates")}
                </Link>
              ) : null}
            </>
          )}
        </div>
      </div>
      <OutcomeTable title={t("import.firstRows", { count: results.length })} rows={results} testId="import-results" />
      <OutcomeTable title={t("import.errorsTitle")} rows={errors} empty={t("import.noErrors")} testId="import-errors" />
    </div>
  );
}

function OutcomeTable(props: {
  title: string;
  rows: { row: number; action: string; label: string; changes?: string[]; reason?: string }[];
  empty?: string;
  testId: string;
}) {
  const t = useT();
  const change = useChangeLabel();
  return (
    <>
      <h3 className="card-body" style={{ paddingBottom: 0 }}>
        {props.title}
      </h3>
      {props.rows.length === 0 && props.empty ? <p className="card-body muted small">{props.empty}</p> : null}
      {props.rows.length ? (
        <table className="table" data-testid={props.testId}>
          <thead>
            <tr>
              <th>{t("import.row")}</th>
              <th>{t("import.action")}</th>
              <th>{t("import.who")}</th>
              <th>{t("import.details")}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr key={`${r.row}-${r.action}`} data-row={r.row} data-action={r.action}>
                <td className="small">{r.row}</td>
                <td>
                  <span className={`badge action-${r.action}`}>{t(`import.action.${r.action}` as MessageKey)}</span>
                </td>
                <td>{r.label}</td>
                <td className="small">{r.reason ?? r.changes?.map(change).join(", ") ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </>
  );
}

const FIELDS = new Set(["id", "name", "reading", "email", "phone", "company", "domains", "notes"]);

/** A changed field as the page's language names it ("company (new)" → "会社（新規）"); attributes keep their key. */
function useChangeLabel() {
  const t = useT();
  return (change: string) => {
    const [field, isNew] = change === "company (new)" ? ["company", true] : [change, false];
    const name = FIELDS.has(field) ? t(`import.field.${field}` as MessageKey) : field;
    return isNew ? t("import.newCompany", { field: name }) : name;
  };
}

function Recent({ items }: { items: Route.ComponentProps["loaderData"]["recent"] }) {
  const t = useT();
  return (
    <div className="card">
      <h2 className="card-body" style={{ paddingBottom: 0 }}>
        {t("import.recent")}
      </h2>
      {items.length === 0 ? <p className="card-body muted small">{t("import.noRecent")}</p> : null}
      {items.length ? (
        <table className="table" data-testid="recent-imports">
          <tbody>
            {items.map((j) => (
              <tr key={j.id}>
                <td>
                  <Link to={`?job=${j.id}`}>{j.filename}</Link>
                </td>
                <td className="small">{t(`import.entity.${j.entity}` as MessageKey)}</td>
                <td className="small">
                  {t(`import.status.${j.status}` as MessageKey)}
                  {j.dryRun && j.status !== "awaiting_mapping" ? ` · ${t("import.dry")}` : ""}
                </td>
                <td className="small muted">
                  +{j.created} / ~{j.updated} / ✕{j.rejected}
                </td>
                <td className="small muted">
                  {j.createdBy.name} · <TimeAgo iso={j.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
