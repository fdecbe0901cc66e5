import { z } from "zod";
import { isCountryCode, normalizePhone } from "~/integrations/core/addresses/phone.ts";

export const TWILIO_API_BASE_URL = "https://api.twilio.com";

/** Admin forms send "" for an empty optional field. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema.optional());

/**
 * An inbox's Twilio settings as an admin enters them. `authToken` is a secret (encrypted at rest by the
 * core, never sent back to clients). `apiBaseUrl` points the REST client and media downloads at a
 * Twilio-compatible gateway or a local test server.
 */
export const twilioSmsConfigSchema = z
  .object({
    accountSid: z
      .string()
      .trim()
      .regex(/^AC[0-9a-fA-F]{32}$/, "Account SID starts with AC followed by 32 hex characters"),
    authToken: z.string().trim().min(1, "Auth Token is required"),
    phoneNumber: optional(
      z
        .string()
        .trim()
        .transform((v, ctx) => {
          // The inbox's own number may be in any country, so no default region: require +CC.
          const e164 = v.startsWith("+") ? normalizePhone(v) : null;
          if (!e164) {
            ctx.addIssue({ code: "custom", message: "Phone number must be in international form, e.g. +81 50 1234 5678" });
            return z.NEVER;
          }
          return e164;
        }),
    ),
    messagingServiceSid: optional(
      z
        .string()
        .trim()
        .regex(/^MG[0-9a-fA-F]{32}$/, "Messaging Service SID starts with MG followed by 32 hex characters"),
    ),
    /** Region for customer numbers written without a country code (ISO 3166 alpha-2, e.g. JP). */
    defaultCountry: optional(
      z
        .string()
        .trim()
        .regex(/^[A-Za-z]{2}$/, "Default country is a two-letter code such as JP")
        .transform((v) => v.toUpperCase())
        .refine(isCountryCode, "Unknown country code"),
    ),
    apiBaseUrl: optional(
      z.url({ protocol: /^https?$/, message: "API base URL must be an http(s) URL" }).transform((v) => v.replace(/\/+$/, "")),
    ),
    /** How long a media download may take before it counts as failed (and is retried). */
    mediaTimeoutMs: z.number().int().min(100).max(120_000).optional(),
  })
  .refine((c) => c.phoneNumber || c.messagingServiceSid, {
    message: "Set a phone number or a Messaging Service SID to send from",
    path: ["phoneNumber"],
  });

export type TwilioSmsConfig = z.infer<typeof twilioSmsConfigSchema>;

export function apiBaseUrlOf(config: Pick<TwilioSmsConfig, "apiBaseUrl">): string {
  return config.apiBaseUrl ?? TWILIO_API_BASE_URL;
}
