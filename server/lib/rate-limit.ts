import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, RLWrapperTimeouts, type RateLimiterAbstract } from "rate-limiter-flexible";

/**
 * Rate limits on rate-limiter-flexible: in memory per node by default; with REDIS_URL every
 * limiter lives in Redis, so all nodes share the counts and N nodes don't multiply the allowance.
 * While Redis is down or slow each node counts in memory instead (the library's insurance
 * limiter): sign-in and web chat keep answering rather than waiting for Redis to come back.
 */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}
export interface RateLimitResult {
  ok: boolean;
  retryAfterMs: number;
}
export interface LimiterOptions {
  /** Names the limiter; one prefix always comes with the same points and duration. */
  keyPrefix: string;
  points: number;
  /** Seconds. */
  duration: number;
}
export interface RateLimiter {
  /** Fixed window of `rule.limit` hits per key (web chat, channels). */
  consume(key: string, rule: RateLimitRule): Promise<RateLimitResult>;
  /** The named limiter in this node's store, for flows that need more than a window (sign-in). */
  limiter(options: LimiterOptions): RateLimiterAbstract;
}

export function memoryRateLimiter(): RateLimiter {
  return cachedLimiters((o) => new RateLimiterMemory(o));
}

/** How long a limiter waits for Redis before counting in memory. */
const REDIS_TIMEOUT_MS = 500;

export function redisRateLimiter(client: object, prefix = "sb:rl:"): RateLimiter {
  return cachedLimiters((o) => {
    const insuranceLimiter = new RateLimiterMemory(o);
    // Not ready (reconnecting): straight to memory. Ready but unanswered (commands queued on a
    // connection about to fail, or `delete`, which skips the readiness check): the timeout.
    const limiter = new RateLimiterRedis({
      ...o,
      keyPrefix: prefix + o.keyPrefix,
      storeClient: client,
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
      insuranceLimiter,
    });
    return new RLWrapperTimeouts({ limiter, insuranceLimiter, timeoutMs: REDIS_TIMEOUT_MS });
  });
}

function cachedLimiters(create: (options: LimiterOptions) => RateLimiterAbstract): RateLimiter {
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiter = (options: LimiterOptions) => {
    const found = limiters.get(options.keyPrefix);
    if (found) return found;
    const created = create(options);
    limiters.set(options.keyPrefix, created);
    return created;
  };
  return {
    limiter,
    async consume(key, rule) {
      const windowS = Math.max(1, Math.ceil(rule.windowMs / 1000));
      const l = limiter({ keyPrefix: `window:${rule.limit}:${windowS}`, points: rule.limit, duration: windowS });
      const refused = await refusal(l.consume(key));
      return refused ? { ok: false, retryAfterMs: refused.msBeforeNext } : { ok: true, retryAfterMs: 0 };
    },
  };
}

/** The library rejects with a RateLimiterRes when over the limit and with an Error when the store fails. */
export async function refusal(attempt: Promise<RateLimiterRes>): Promise<RateLimiterRes | null> {
  try {
    await attempt;
    return null;
  } catch (err) {
    if (err instanceof RateLimiterRes) return err;
    throw err;
  }
}
