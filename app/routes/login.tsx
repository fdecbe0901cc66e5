import { data, Form, redirect, useNavigation, useSearchParams } from "react-router";
import { z } from "zod";
import type { Route } from "./+types/login";
import { getOptionalUser, safeNext } from "~/app/lib/auth.server.ts";
import { signIn } from "~/app/lib/login.server.ts";
import { locales, useI18n } from "~/app/i18n/index.ts";
import "~/app/i18n/pages/login.ts";
import { readForm } from "~/app/lib/read-form.server.ts";
import { metaTranslator } from "~/app/lib/page-title.ts";

export const meta: Route.MetaFunction = ({ matches }) => [{ title: metaTranslator(matches)("login.title") }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await getOptionalUser(request, context);
  if (user) throw redirect(safeNext(new URL(request.url).searchParams.get("next")));
  return null;
}

const credentials = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
  next: z.string().optional(),
});

type LoginError = "invalid" | "rateLimited" | "missing";

export async function action({ request, context }: Route.ActionArgs) {
  const form = Object.fromEntries(await readForm(request));
  const parsed = credentials.safeParse(form);
  if (!parsed.success) return data({ error: "missing" as LoginError, email: String(form.email ?? "") }, { status: 400 });
  const result = await signIn(request, context, parsed.data.email, parsed.data.password);
  if (!result.ok) {
    return data({ error: result.error as LoginError, email: parsed.data.email }, { status: result.error === "rateLimited" ? 429 : 401 });
  }
  return redirect(safeNext(parsed.data.next), { headers: { "Set-Cookie": result.cookie } });
}

export default function Login({ actionData }: Route.ComponentProps) {
  const { t, locale } = useI18n();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formAction?.startsWith("/login");
  const error = actionData?.error;
  return (
    <main className="login-page">
      <div className="login-card">
        <div className="brand-row">
          <span className="brand-mark" aria-hidden />
          {t("app.name")}
        </div>
        <h1>{t("login.title")}</h1>
        <p className="subtitle">{t("login.subtitle")}</p>
        <Form method="post" replace>
          {error ? (
            <div className="alert error" role="alert">
              {t(`login.${error}`)}
            </div>
          ) : null}
          <input type="hidden" name="next" value={params.get("next") ?? "/"} />
          <label className="field">
            {t("login.email")}
            <input type="email" name="email" autoComplete="username" required autoFocus defaultValue={actionData?.email} />
          </label>
          <label className="field">
            {t("login.password")}
            <input type="password" name="password" autoComplete="current-password" required />
          </label>
          <button className="button primary" type="submit" disabled={submitting}>
            {submitting ? t("login.submitting") : t("login.submit")}
          </button>
        </Form>
        <Form method="post" action="/locale" className="login-footer" reloadDocument>
          <input type="hidden" name="next" value={`/login${params.size ? `?${params}` : ""}`} />
          {locales.map((l) => (
            <button key={l.code} type="submit" name="locale" value={l.code} aria-current={l.code === locale}>
              {l.label}
            </button>
          ))}
        </Form>
      </div>
    </main>
  );
}
