/**
 * `ct-connect/relay/redis`: the relay's shared store on Redis, for several relay processes
 * behind one load balancer. Rate limits, failed sign-ins and revoked sessions live in
 * Redis, so every process sees the same counts and a logout on one holds on all.
 *
 * When Redis cannot be reached (docs/relay.md "Shared state on Redis"):
 * - rate limits and failed sign-in counts fall back to each process's memory (per-process
 *   limits, as without a shared store) and come back to Redis by themselves;
 * - anything that needs a session fails closed: a call filled from the session, `/session`,
 *   a sign-in and a logout answer 503 `store_unavailable` (a logout still clears the
 *   cookie in the browser), because a revocation the store cannot confirm is not assumed;
 * - one log line when Redis goes away and one when it is back.
 * A Redis that comes back empty (restarted without persistence) starts a new generation:
 * every session sealed before it ends, rather than forget which of them were revoked.
 */
import { randomBytes } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RelayStore } from './store.ts';

export interface RedisStoreOptions {
  /** A redis:// or rediss:// URL. Ignored when `client` is given. Default redis://127.0.0.1:6379. */
  readonly url?: string | undefined;
  /** An ioredis client of your own; it must be created with `enableOfflineQueue: false`. */
  readonly client?: Redis | undefined;
  /** Prefix of every key the relay writes. Default `ct-connect:`. */
  readonly keyPrefix?: string | undefined;
  /** Longest wait for one Redis command, in ms, before it counts as unreachable. Default 1000. */
  readonly commandTimeoutMs?: number | undefined;
  /** Where the store's lines (Redis lost, Redis back) go. Default standard error. */
  readonly log?: ((line: string) => void) | undefined;
}

/** The Redis store: a RelayStore, with the client and a way to close it. */
export interface RedisStore extends RelayStore {
  readonly client: Redis;
  /**
   * Resolves true once the connection is ready, or false after `timeoutMs` (default 3000)
   * without it. Commands fail fast until then, so a server waits for this before listening.
   */
  ready(timeoutMs?: number): Promise<boolean>;
  /** Closes the connection (only a connection the store opened itself). */
  close(): Promise<void>;
}

// One round trip per session check: the generation (started afresh when the data is gone)
// and the revocation.
const LIVE = `
local g = redis.call('get', KEYS[1])
if not g then
  redis.call('set', KEYS[1], ARGV[1], 'NX')
  return 0
end
if g ~= ARGV[2] then return 0 end
if redis.call('exists', KEYS[2]) == 1 then return 0 end
return 1`;

const GENERATION = `
redis.call('set', KEYS[1], ARGV[1], 'NX')
return redis.call('get', KEYS[1])`;

/** A relay store on Redis (see the module's comment for what happens when Redis is away). */
export function createRedisStore(options: RedisStoreOptions = {}): RedisStore {
  const prefix = options.keyPrefix ?? 'ct-connect:';
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const settings: RedisOptions = {
    // Fail at once while disconnected instead of queueing until Redis returns: the relay
    // answers now, from its fallback, rather than hold every browser.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 1_000,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 100, 2_000),
  };
  const own = options.client === undefined;
  const client = options.client ?? new Redis(options.url ?? 'redis://127.0.0.1:6379', settings);
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    // The URL is not repeated: it may hold a password.
    log(
      `relay store: Redis unreachable (${error.message}); sessions answer 503 store_unavailable, rate limits use this process's memory`,
    );
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    log('relay store: Redis reachable again');
  });
  const generationKey = `${prefix}generation`;
  const fresh = (): string => randomBytes(12).toString('base64url');
  return {
    client,
    limiter(budget, keyPrefix) {
      return new RateLimiterRedis({
        storeClient: client,
        points: budget.points,
        duration: budget.durationS,
        keyPrefix: `${prefix}${keyPrefix}`,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory({
          points: budget.points,
          duration: budget.durationS,
          keyPrefix: `${prefix}${keyPrefix}`,
        }),
      });
    },
    async generation() {
      return String(await client.eval(GENERATION, 1, generationKey, fresh()));
    },
    async sessionLive(id, generation) {
      const live = await client.eval(LIVE, 2, generationKey, `${prefix}revoked:${id}`, fresh(), generation);
      return live === 1;
    },
    async revoke(id, ttlMs) {
      await client.set(`${prefix}revoked:${id}`, '1', 'PX', Math.max(1, Math.ceil(ttlMs)));
    },
    ready(timeoutMs = 3_000) {
      if (client.status === 'ready') return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const done = (value: boolean): void => {
          clearTimeout(timer);
          client.off('ready', onReady);
          resolve(value);
        };
        const onReady = (): void => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        client.on('ready', onReady);
      });
    },
    async close() {
      if (own) await client.quit().catch(() => client.disconnect());
    },
  };
}
