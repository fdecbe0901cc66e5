import { z } from "zod";
import { envFlag } from "~/integrations/core/env-flag.ts";

/**
 * The email channel's own environment variables (documented in README.md), parsed by the server at
 * boot with the rest of the env and handed to start(): an invalid value stops the server there.
 */
export const emailListenerEnv = z
  .object({
    SMTP_PORT: z.coerce.number().int().min(0).max(65535).default(2525),
    SMTP_HOST: z.string().default("0.0.0.0"),
    SMTP_ENABLED: envFlag(true),
    MAIL_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(25 * 1024 * 1024),
  })
  .transform((env) => ({ smtpEnabled: env.SMTP_ENABLED, smtpPort: env.SMTP_PORT, smtpHost: env.SMTP_HOST, maxBytes: env.MAIL_MAX_BYTES }));

export type EmailListenerSettings = z.output<typeof emailListenerEnv>;
