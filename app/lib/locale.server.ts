import type { AppLoadContext } from "react-router";
import "~/app/i18n/dictionaries.server.ts";
import { isLocale, localeFromAcceptLanguage, type Locale } from "~/app/i18n/index.ts";
import { getOptionalUser } from "./auth.server.ts";

export const LOCALE_COOKIE = "sb_locale";

function cookieLocale(request: Request): Locale | null {
  const header = request.headers.get("cookie") ?? "";
  const match = header.match(/(?:^|;\s*)sb_locale=(en|ja)(?:;|$)/);
  return match && isLocale(match[1]) ? match[1] : null;
}

/** The signed-in user's choice, else the switcher's cookie (login page), else Accept-Language. */
export async function resolveLocale(request: Request, context: AppLoadContext): Promise<Locale> {
  const user = await getOptionalUser(request, context);
  if (user && isLocale(user.locale)) return user.locale;
  return cookieLocale(request) ?? localeFromAcceptLanguage(request.headers.get("accept-language"));
}

export function localeCookie(locale: Locale): string {
  return `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax`;
}
