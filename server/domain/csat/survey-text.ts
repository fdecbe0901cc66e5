import type { Prisma } from "~/server/db/generated/client.ts";

export type SurveyLocale = "en" | "ja";

const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/;

/**
 * The customer's language (decision 020): a contact attribute `locale` / `language` when it names one
 * we speak, else Japanese when their latest message is written in Japanese, else English.
 */
export function customerLocale(contactAttributes: Prisma.JsonValue, latestInboundText: string | null): SurveyLocale {
  const attrs = (
    contactAttributes && typeof contactAttributes === "object" && !Array.isArray(contactAttributes) ? contactAttributes : {}
  ) as Record<string, unknown>;
  for (const key of ["locale", "language"]) {
    const value = attrs[key];
    if (typeof value === "string" && /^ja\b/i.test(value)) return "ja";
    if (typeof value === "string" && /^en\b/i.test(value)) return "en";
  }
  return latestInboundText && JAPANESE.test(latestInboundText) ? "ja" : "en";
}

export const surveyUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/$/, "")}/survey/${token}`;

/** The short message that carries the link, in the customer's language. */
export function surveyMessageText(locale: SurveyLocale, url: string): string {
  return locale === "ja"
    ? `ご対応はいかがでしたか？ 1〜5 で評価していただけると幸いです（1 分ほどで終わります）: ${url}`
    : `How did we do? Please rate your experience from 1 to 5 (it takes a minute): ${url}`;
}
