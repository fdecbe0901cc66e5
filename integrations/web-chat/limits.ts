import type { HostInfrastructure } from "~/integrations/core/host.ts";

/**
 * Abuse limits of the public widget. Per visitor for what a visitor does, per IP where a visitor can
 * be minted at will (new sessions, uploads). Generous enough for a person typing quickly.
 */
export const LIMITS = {
  newVisitorPerIp: { limit: 60, windowMs: 10 * 60_000 },
  messagePerVisitor: { limit: 20, windowMs: 60_000 },
  historyPerVisitor: { limit: 60, windowMs: 60_000 },
  uploadPerVisitor: { limit: 10, windowMs: 10 * 60_000 },
  uploadPerIp: { limit: 30, windowMs: 10 * 60_000 },
  profilePerVisitor: { limit: 5, windowMs: 10 * 60_000 },
  typingPerVisitor: { limit: 60, windowMs: 60_000 },
} as const;

export class RateLimitedError extends Error {
  readonly status = 429;
  constructor(readonly retryAfterMs: number) {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    super(`Too many requests: please wait ${seconds} second${seconds === 1 ? "" : "s"} and try again`);
    this.name = "RateLimitedError";
  }
}

/** Consumes one unit of every named limit; throws RateLimitedError naming the longest wait. */
export async function enforce(host: HostInfrastructure, checks: [keyof typeof LIMITS, string][]) {
  let wait = 0;
  for (const [name, subject] of checks) {
    const result = await host.rateLimit(`web-chat:${name}:${subject}`, LIMITS[name]);
    if (!result.ok) wait = Math.max(wait, result.retryAfterMs);
  }
  if (wait > 0) throw new RateLimitedError(wait);
}
