/**
 * Rate limits per client IP and, for account calls, per username, and the failed sign-in
 * counters, on rate-limiter-flexible. One relay uses its memory store; relays behind a load
 * balancer share a store (`ct-connect/relay/redis`), and nothing else changes. Keys reach
 * these checks already hashed (see deriveKeyHasher), never as raw usernames.
 */
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
// The two modules it uses, not the package's index, which loads every store and Node's cluster.
import RateLimiterMemory from 'rate-limiter-flexible/lib/RateLimiterMemory.js';
import RateLimiterRes from 'rate-limiter-flexible/lib/RateLimiterRes.js';

/** A budget: `points` calls per `durationS` seconds. */
export interface RateBudget {
  readonly points: number;
  readonly durationS: number;
}

/** A budget for the relay's store, or any rate-limiter-flexible limiter of your own. */
export type RateLimitSetting = RateBudget | RateLimiterAbstract;

/** The relay's rate limits. */
export interface RateLimitOptions {
  /** Calls per client IP. Default 600 per 60 s. */
  readonly perIp?: RateLimitSetting;
  /** Account calls per username (lower-cased). Default 30 per 60 s. */
  readonly perUser?: RateLimitSetting;
}

/** The relay's limits on failed sign-ins (answers 404 to a call with a password). */
export interface SignInLimitOptions {
  /** Failed sign-ins per client IP before its sign-ins are refused. Default 5 per 900 s. */
  readonly perIp?: RateBudget;
  /** Failed sign-ins per username before its sign-ins are refused. Default 5 per 900 s. */
  readonly perUser?: RateBudget;
}

export const DEFAULT_RATE_LIMITS: Required<{ [K in keyof RateLimitOptions]: RateBudget }> = {
  perIp: { points: 600, durationS: 60 },
  perUser: { points: 30, durationS: 60 },
};

/**
 * Below the API's own lock-out (a captcha for every visitor after 10 consecutive failures
 * from the relay's one IP), so that no single client can trip it.
 */
export const DEFAULT_SIGN_IN_LIMITS: Required<SignInLimitOptions> = {
  perIp: { points: 5, durationS: 900 },
  perUser: { points: 5, durationS: 900 },
};

/** The outcome of a check: go ahead, or wait this many seconds. */
export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterS: number };

/** Consumes one point of `key`; a store that fails lets the call through rather than lock everyone out. */
export type RateCheck = (key: string) => Promise<RateDecision>;

/** A limiter on the process's memory. */
export function memoryLimiter(budget: RateBudget, prefix: string): RateLimiterAbstract {
  return new RateLimiterMemory({ points: budget.points, duration: budget.durationS, keyPrefix: prefix });
}

function retryAfter(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** A check over one limiter. */
export function rateCheck(rl: RateLimiterAbstract): RateCheck {
  return async (key) => {
    try {
      await rl.consume(key);
      return { ok: true };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes)
        return { ok: false, retryAfterS: retryAfter(rejection.msBeforeNext) };
      return { ok: true };
    }
  };
}

/** Failures counted per key, refused from the budget's `points` on until the window ends. */
export interface FailureCounter {
  /** Counts one failure of `key`. */
  fail(key: string): Promise<void>;
  /**
   * Counts one failure of `key` ahead of an attempt, so attempts still waiting for their
   * answer count too: seconds to wait when that is one too many (nothing is then counted),
   * else 0. An attempt that turns out not to fail gives its count back with `release`.
   */
  reserve(key: string): Promise<number>;
  /** Gives back the failure `reserve` counted ahead. */
  release(key: string): Promise<void>;
  /** Forgets `key`'s failures (a success). */
  clear(key: string): Promise<void>;
}

/**
 * A failure counter over one limiter whose points are the failures allowed. A store that
 * fails counts nothing and blocks nothing: the API's own captcha still stands behind it.
 */
export function failureCounter(rl: RateLimiterAbstract): FailureCounter {
  return {
    async fail(key) {
      try {
        await rl.penalty(key, 1);
      } catch {
        // counted nowhere: see above
      }
    },
    async reserve(key) {
      try {
        const res = await rl.penalty(key, 1);
        if (res.consumedPoints <= rl.points) return 0;
        await rl.reward(key, 1).catch(() => {});
        return retryAfter(res.msBeforeNext);
      } catch {
        return 0;
      }
    },
    async release(key) {
      try {
        await rl.reward(key, 1);
      } catch {
        // as above
      }
    },
    async clear(key) {
      try {
        await rl.delete(key);
      } catch {
        // as above
      }
    },
  };
}
