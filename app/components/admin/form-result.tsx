import { useT } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/admin.ts";

/** The outcome of an admin form: the server's own message on failure. */
export function FormResult(props: { data: { ok: boolean; error?: string } | undefined; busy: boolean; okText?: string }) {
  const { data, busy } = props;
  const t = useT();
  if (busy || !data) return null;
  if (data.ok)
    return (
      <div className="alert success" role="status">
        {props.okText ?? t("admin.created")}
      </div>
    );
  return (
    <div className="alert error" role="alert">
      {data.error}
    </div>
  );
}
