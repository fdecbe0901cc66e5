import { useT } from "../../i18n/index.ts";

/** The outcome of an admin create form: the server's own message on failure. */
export function FormResult({ data, busy }: { data: { ok: boolean; error?: string } | undefined; busy: boolean }) {
  const t = useT();
  if (busy || !data) return null;
  if (data.ok) return <div className="alert success" role="status">{t("admin.created")}</div>;
  return (
    <div className="alert error" role="alert">
      {data.error}
    </div>
  );
}
