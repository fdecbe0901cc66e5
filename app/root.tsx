import { isRouteErrorResponse, Link, Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "react-router";
import type { Route } from "./+types/root";
import { keepOnConversationSwitch } from "~/app/lib/revalidation.ts";
import { I18nProvider, translator, type Locale } from "./i18n/index.ts";
import { resolveLocale } from "./lib/locale.server.ts";
import stylesheet from "./styles/app.css?url";

export const links: Route.LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  // Served by server/http/app.ts (browsers ask for /favicon.ico whatever the page says).
  { rel: "icon", href: "/favicon.ico", type: "image/svg+xml" },
];

export async function loader({ request, context }: Route.LoaderArgs) {
  return { locale: await resolveLocale(request, context) };
}

/** The locale changes through an action, which revalidates; a conversation switch does not (issue 10). */
export const shouldRevalidate = keepOnConversationSwitch;

function useLocale(): Locale {
  const data = useRouteLoaderData<typeof loader>("root");
  return data?.locale ?? "en";
}

export function Layout({ children }: { children: React.ReactNode }) {
  const locale = useLocale();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nProvider value={{ locale, t: translator(locale) }}>{children}</I18nProvider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export const meta: Route.MetaFunction = () => [{ title: "Switchboard" }];

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
  const t = translator(useLocale());
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  // Expected errors (thrown responses) carry a user-readable message; anything else is a bug whose
  // details stay in the server log.
  const detail = isRouteErrorResponse(error) && !notFound && typeof error.data === "string" ? error.data : null;
  return (
    <main className="error-page">
      <div className="error-card">
        <h1>{notFound ? t("error.notFound") : t("error.title")}</h1>
        <p>{notFound ? t("error.notFoundText") : (detail ?? t("error.generic"))}</p>
        <Link className="button" to="/">
          {t("error.backHome")}
        </Link>
      </div>
    </main>
  );
}
