import { DateTime } from "luxon";
import { z } from "zod";
import type { ChannelSet } from "~/integrations/core/channel-set.ts";
import { envFlag as bool } from "~/integrations/core/env-flag.ts";
import { channels } from "./channels/registry.ts";

// Every environment variable the server reads, parsed in one place (documented in README.md); the
// channels' own (email's SMTP_*) come from each adapter's settings schema.

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL")
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "REDIS_URL must be a redis:// URL")
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[\w.-]{1,40}$/, "REDIS_PREFIX: letters, digits, . _ -")
    .default("switchboard"),
  SECRET_KEY: z.string().min(32, "SECRET_KEY must be at least 32 characters").optional(),
  SEED_DEMO: bool(true),
  ADMIN_EMAIL: z.string().email().optional(),
  ADMIN_PASSWORD: z.string().min(10, "ADMIN_PASSWORD must be at least 10 characters").optional(),
  UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(25 * 1024 * 1024),
  // Largest CSV import (413 above it); the file is streamed to disk, never held in memory (decision 023).
  IMPORT_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .default(200 * 1024 * 1024),
  WORKERS_ENABLED: bool(true),
  // Outbox bounds per node: all jobs, one inbox's jobs (docs/security/outbox-delivery.md).
  OUTBOX_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(16),
  OUTBOX_INBOX_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(4),
  // How long one send may take before its outcome counts as unknown (reconciled, never resent blindly).
  OUTBOX_SEND_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  TRUST_PROXY: bool(false),
  // Read where fetches happen (integrations/core/outbound-fetch.ts); parsed here so a typo stops the boot.
  OUTBOUND_FETCH_ALLOW_PRIVATE: bool(false),
  // Outgoing webhooks to loopback or private addresses (tests, an on-premises receiver); refused otherwise.
  WEBHOOK_ALLOW_PRIVATE: bool(false),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  // The workspace's time zone: report days, weeks and the busiest-hours heatmap (issue 13).
  WORKSPACE_TIMEZONE: z
    .string()
    .refine((tz) => DateTime.local().setZone(tz).isValid, "WORKSPACE_TIMEZONE must be an IANA time zone")
    .default("UTC"),
});

export type Env = z.infer<typeof schema> & {
  PUBLIC_URL: string;
  /** Each channel's parsed settings by kind, for its adapter's start() only. */
  channelSettings: Readonly<Record<string, unknown>>;
};

export function parseEnv(source: Record<string, string | undefined> = process.env, channelSet: Pick<ChannelSet, "list"> = channels): Env {
  const result = schema.safeParse(source);
  const issues = result.success ? [] : [...result.error.issues];
  const channelSettings: Record<string, unknown> = {};
  for (const adapter of channelSet.list()) {
    if (!adapter.settings) continue;
    const parsed = adapter.settings.safeParse(source);
    if (parsed.success) channelSettings[adapter.descriptor.kind] = parsed.data;
    else issues.push(...parsed.error.issues);
  }
  if (!result.success || issues.length) {
    const lines = issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = result.data;
  const publicUrl = (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  return { ...env, PUBLIC_URL: publicUrl, channelSettings };
}
