/**
 * Fixed-window rate limiter. In memory per node by default; with REDIS_URL the window is shared by
 * all nodes (INCR + PEXPIRE), so N nodes don't multiply the allowance.
 */
export interface RateLimitRule {
  limit: number;
  windowMs: number;
}
export interface RateLimitResult {
  ok: boolean;
  retryAfterMs: number;
}
export interface RateLimiter {
  consume(key: string, rule: RateLimitRule): Promise<RateLimitResult>;
  reset(key: string): Promise<void>;
}

export function memoryRateLimiter(now: () => number = Date.now): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    async consume(key, rule) {
      const t = now();
      if (windows.size > 50_000) for (const [k, w] of windows) if (w.resetAt <= t) windows.delete(k);
      let w = windows.get(key);
      if (!w || w.resetAt <= t) {
        w = { count: 0, resetAt: t + rule.windowMs };
        windows.set(key, w);
      }
      w.count++;
      return { ok: w.count <= rule.limit, retryAfterMs: w.count <= rule.limit ? 0 : w.resetAt - t };
    },
    async reset(key) {
      windows.delete(key);
    },
  };
}

interface RedisLike {
  incr(key: string): Promise<number>;
  pExpire(key: string, ms: number): Promise<unknown>;
  pTTL(key: string): Promise<number>;
  del(key: string): Promise<unknown>;
}

export function redisRateLimiter(redis: RedisLike, prefix = "sb:rl:"): RateLimiter {
  return {
    async consume(key, rule) {
      const k = prefix + key;
      const count = await redis.incr(k);
      if (count === 1) await redis.pExpire(k, rule.windowMs);
      if (count <= rule.limit) return { ok: true, retryAfterMs: 0 };
      const ttl = await redis.pTTL(k);
      return { ok: false, retryAfterMs: ttl > 0 ? ttl : rule.windowMs };
    },
    async reset(key) {
      await redis.del(prefix + key);
    },
  };
}
