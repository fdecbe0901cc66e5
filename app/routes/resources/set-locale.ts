import { redirect } from "react-router";
import type { Route } from "./+types/set-locale";
import { isLocale } from "~/app/i18n/index.ts";
import { getOptionalUser, safeNext } from "~/app/lib/auth.server.ts";
import { localeCookie } from "~/app/lib/locale.server.ts";
import { saveUserLocale } from "~/app/lib/login.server.ts";
import { readForm } from "~/app/lib/read-form.server.ts";

export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request);
  const locale = form.get("locale");
  const next = safeNext(form.get("next"));
  if (!isLocale(locale)) return redirect(next);
  const user = await getOptionalUser(request, context);
  if (user) await saveUserLocale(context, user, locale);
  return redirect(next, { headers: { "Set-Cookie": localeCookie(locale) } });
}

export function loader() {
  return redirect("/");
}
