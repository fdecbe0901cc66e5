import { isRouteErrorResponse, Link, useRouteError } from "react-router";
import { useT } from "~/app/i18n/index.ts";

/** Error boundary for a pane: the shell (nav, search) stays usable around it. */
export function RouteErrorPane() {
  const t = useT();
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    status === 404
      ? t("error.notFoundText")
      : status === 403
        ? t("error.forbidden")
        : isRouteErrorResponse(error) && typeof error.data === "string"
          ? error.data
          : t("error.generic");
  return (
    <div className="empty-state" role="alert">
      <strong>{status === 404 ? t("error.notFound") : t("error.title")}</strong>
      <span>{message}</span>
      <Link className="button small" to="/inbox/mine">
        {t("error.backHome")}
      </Link>
    </div>
  );
}
