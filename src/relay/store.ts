/**
 * Where the relay keeps what is not in the sealed cookie: rate-limit and failed sign-in
 * counters, and revoked session ids. The memory store (the default) serves one process;
 * relays behind a load balancer share one on Redis (`ct-connect/relay/redis`). Runtime
 * neutral: no Node module, no Redis client here.
 */
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { memoryLimiter, type RateBudget } from './rate-limit.ts';

/**
 * A store for createRelay's `store` option. The session methods may throw when the store
 * cannot be reached: the relay then refuses what needs a session with 503
 * `store_unavailable` (it fails closed), while rate limits fall back as the store's
 * limiters decide (the Redis store's to per-process memory).
 */
export interface RelayStore {
  /** A rate-limiter-flexible limiter of `budget` on this store, its keys under `keyPrefix`. */
  limiter(budget: RateBudget, keyPrefix: string): RateLimiterAbstract;
  /**
   * The generation new sessions are sealed in. A store that loses its data (a Redis
   * restart without persistence) starts a new generation, which voids every older session
   * rather than forget which of them were revoked.
   */
  generation(): Promise<string>;
  /** Whether session `id`, sealed in `generation`, is still good: not revoked, same generation. */
  sessionLive(id: string, generation: string): Promise<boolean>;
  /** Revokes session `id` for `ttlMs` (the rest of its absolute lifetime). */
  revoke(id: string, ttlMs: number): Promise<void>;
}

const MEMORY_GENERATION = 'm';

/**
 * The default store: this process's memory. Revocations last until the session would have
 * expired or the process ends; a relay restarted with the same secret accepts the cookies
 * it had revoked until they expire, so more than one process, or a relay that restarts
 * often, wants a shared store.
 */
export function memoryStore(clock: () => number = Date.now): RelayStore {
  const revoked = new Map<string, number>();
  let sweepAt = 1_024;
  return {
    limiter: memoryLimiter,
    generation: () => Promise.resolve(MEMORY_GENERATION),
    sessionLive(id, generation) {
      const until = revoked.get(id);
      if (until !== undefined && until <= clock()) revoked.delete(id);
      return Promise.resolve(generation === MEMORY_GENERATION && !(until !== undefined && until > clock()));
    },
    revoke(id, ttlMs) {
      revoked.set(id, clock() + ttlMs);
      if (revoked.size >= sweepAt) {
        const now = clock();
        for (const [key, until] of revoked) if (until <= now) revoked.delete(key);
        sweepAt = Math.max(1_024, revoked.size * 2);
      }
      return Promise.resolve();
    },
  };
}
