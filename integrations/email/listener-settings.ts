import { readFileSync } from "node:fs";
import { z } from "zod";
import { envFlag } from "~/integrations/core/env-flag.ts";

/** A PEM given inline (starts with -----BEGIN) or as a file path, read once at boot. */
const pem = z
  .string()
  .min(1)
  .optional()
  .transform((value, ctx) => {
    if (!value) return undefined;
    if (value.trimStart().startsWith("-----BEGIN")) return value;
    try {
      return readFileSync(value, "utf8");
    } catch (err) {
      ctx.addIssue({ code: "custom", message: `cannot read ${value}: ${(err as Error).message}` });
      return z.NEVER;
    }
  });

const perMinute = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

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
    /** Offered with STARTTLS when both are set (PEM text or a file path). */
    SMTP_TLS_CERT: pem,
    SMTP_TLS_KEY: pem,
    /** Per client IP, shared by all nodes with Redis; 0 turns the limit off. */
    SMTP_CONNECTIONS_PER_MINUTE: perMinute(60),
    SMTP_MESSAGES_PER_MINUTE: perMinute(120),
    /** SPF, DKIM and DMARC checks on mail received by the listener. */
    MAIL_AUTH_ENABLED: envFlag(true),
    /** DNS servers for those checks (`host[:port]`, comma-separated); the system's resolvers when unset. */
    MAIL_AUTH_DNS: z.string().optional(),
    /** How long a node's claim on an IMAP mailbox lasts without renewal (renewed every third of it). */
    IMAP_LEASE_MS: z.coerce.number().int().min(1000).default(30_000),
  })
  .refine((env) => !env.SMTP_TLS_CERT === !env.SMTP_TLS_KEY, {
    message: "SMTP_TLS_CERT and SMTP_TLS_KEY go together",
    path: ["SMTP_TLS_KEY"],
  })
  .transform((env) => ({
    smtpEnabled: env.SMTP_ENABLED,
    smtpPort: env.SMTP_PORT,
    smtpHost: env.SMTP_HOST,
    maxBytes: env.MAIL_MAX_BYTES,
    tls: env.SMTP_TLS_CERT && env.SMTP_TLS_KEY ? { cert: env.SMTP_TLS_CERT, key: env.SMTP_TLS_KEY } : null,
    rateLimits: { connectionsPerMinute: env.SMTP_CONNECTIONS_PER_MINUTE, messagesPerMinute: env.SMTP_MESSAGES_PER_MINUTE },
    auth: {
      enabled: env.MAIL_AUTH_ENABLED,
      dnsServers: env.MAIL_AUTH_DNS?.split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    },
    imapLeaseMs: env.IMAP_LEASE_MS,
  }));

export type EmailListenerSettings = z.output<typeof emailListenerEnv>;
