/**
 * Rate limits per client IP and, for account calls, per username, on rate-limiter-flexible.
 * One relay uses its memory store; relays behind a load balancer pass limiters built on a
 * shared store (RateLimiterRedis, say) instead, and nothing else changes.
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

/** A budget for the memory store, or any rate-limiter-flexible limiter (a shared store). */
export type RateLimitSetting = RateBudget | RateLimiterAbstract;

/** The relay's rate limits. */
export interface RateLimitOptions {
  /** Calls per client IP. Default 600 per 60 s. */
  readonly perIp?: RateLimitSetting;
  /** Account calls per username (lower-cased). Default 30 per 60 s. */
  readonly perUser?: RateLimitSetting;
}

export const DEFAULT_RATE_LIMITS: Required<{ [K in keyof RateLimitOptions]: RateBudget }> = {
  perIp: { points: 600, durationS: 60 },
  perUser: { points: 30, durationS: 60 },
};

/** The outcome of a check: go ahead, or wait this many seconds. */
export type RateDecision = { readonly ok: true } | { readonly ok: false; readonly retryAfterS: number };

/** Consumes one point of `key`; a store that fails lets the call through rather than lock everyone out. */
export type RateCheck = (key: string) => Promise<RateDecision>;

function limiter(setting: RateLimitSetting, prefix: string): RateLimiterAbstract {
  if ('consume' in setting) return setting;
  return new RateLimiterMemory({ points: setting.points, duration: setting.durationS, keyPrefix: prefix });
}

/** A check over one limiter. */
export function rateCheck(setting: RateLimitSetting, prefix: string): RateCheck {
  const rl = limiter(setting, prefix);
  return async (key) => {
    try {
      await rl.consume(key);
      return { ok: true };
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        return { ok: false, retryAfterS: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
      }
      return { ok: true };
    }
  };
}
