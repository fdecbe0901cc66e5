import type { AppContext } from "~/server/context.ts";
import { AppError } from "~/server/lib/errors.ts";
import { refusal } from "~/server/lib/rate-limit.ts";

/**
 * Sign-in limits that slow guessing without letting anyone lock the real user out (OWASP ASVS V6,
 * issue 17 finding 12). Keys use the normalised email whether or not the account exists, so the
 * limits never tell an attacker which emails are real.
 * - (account, IP): after a few consecutive failures the pair waits, twice as long after each further
 *   failure; a success clears it. Only this pair is held back, not the account.
 * - IP: failed checks across all accounts, against one address spraying many of them.
 * - account: failed checks from all addresses, with a much higher threshold, and never applied to an
 *   address that signed in to this account before, so a distributed attack cannot lock its owner out.
 */
export const SIGN_IN_LIMITS = {
  pairFreeFailures: 5,
  pairFirstWaitS: 60,
  pairMaxWaitS: 60 * 60,
  /** How long consecutive failures of a pair are remembered. */
  pairMemoryS: 24 * 60 * 60,
  ipFailures: { points: 50, duration: 15 * 60 },
  accountFailures: { points: 200, duration: 60 * 60 },
  // Under the 24.8 days a Node timer can wait: the memory store expires records with timers.
  knownAddressS: 21 * 24 * 60 * 60,
};

export interface SignInAttempt {
  /** The check failed: counts against the pair (the IP and account counts were taken up front). */
  failed(): Promise<void>;
  succeeded(): Promise<void>;
}

/** Throws 'rate_limited' when this attempt may not check a password now; else counts it. */
export async function beginSignInAttempt(ctx: AppContext, email: string, ip: string): Promise<SignInAttempt> {
  const l = limiters(ctx);
  const pair = `${email}|${ip}`;

  const wait = await l.pairWait.get(pair);
  if (wait && wait.msBeforeNext > 0) throw rateLimited(wait.msBeforeNext);

  const knownRecord = await l.knownAddress.get(pair);
  const known = !!knownRecord && knownRecord.msBeforeNext > 0;
  // Counted before the check so that concurrent guesses cannot all pass; given back on success.
  const byIp = await refusal(l.ipFailures.consume(ip));
  if (byIp) throw rateLimited(byIp.msBeforeNext);
  if (!known) {
    const byAccount = await refusal(l.accountFailures.consume(email));
    if (byAccount) {
      await l.ipFailures.reward(ip);
      throw rateLimited(byAccount.msBeforeNext);
    }
  }

  return {
    async failed() {
      const failures = (await l.pairFailures.penalty(pair)).consumedPoints;
      if (failures < SIGN_IN_LIMITS.pairFreeFailures) return;
      const doublings = failures - SIGN_IN_LIMITS.pairFreeFailures;
      const waitS = Math.min(SIGN_IN_LIMITS.pairFirstWaitS * 2 ** Math.min(doublings, 20), SIGN_IN_LIMITS.pairMaxWaitS);
      await l.pairWait.set(pair, 1, waitS);
    },
    async succeeded() {
      await Promise.all([
        l.pairFailures.delete(pair),
        l.pairWait.delete(pair),
        l.ipFailures.reward(ip),
        known ? null : l.accountFailures.reward(email),
        l.knownAddress.set(pair, 1, SIGN_IN_LIMITS.knownAddressS),
      ]);
    },
  };
}

function limiters(ctx: AppContext) {
  const { pairMemoryS, pairMaxWaitS, ipFailures, accountFailures, knownAddressS } = SIGN_IN_LIMITS;
  return {
    pairFailures: ctx.limiter.limiter({ keyPrefix: "login:pair-failures", points: 1, duration: pairMemoryS }),
    pairWait: ctx.limiter.limiter({ keyPrefix: "login:pair-wait", points: 1, duration: pairMaxWaitS }),
    ipFailures: ctx.limiter.limiter({ keyPrefix: "login:ip", ...ipFailures }),
    accountFailures: ctx.limiter.limiter({ keyPrefix: "login:account", ...accountFailures }),
    knownAddress: ctx.limiter.limiter({ keyPrefix: "login:known", points: 1, duration: knownAddressS }),
  };
}

function rateLimited(ms: number) {
  const retryAfter = Math.max(1, Math.ceil(ms / 1000));
  const minutes = Math.ceil(retryAfter / 60);
  return new AppError("rate_limited", `Too many sign-in attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
    retryAfter,
  });
}
