/**
 * The reference relay's public surface, `ct-connect/relay`: createRelay and the option
 * types. Runtime-neutral: Fetch API only, no Node module anywhere in its imports (a test
 * bundles it for a neutral platform). The Node adapter is `ct-connect/relay/node`; the
 * shared Redis store is `ct-connect/relay/redis`.
 */
export {
  createRelay,
  DOCUMENTED_HOSTS,
  type LogClientIp,
  type Relay,
  type RelayOptions,
  type TrustProxySetting,
} from './relay.ts';
export type { RateBudget, RateLimitOptions, RateLimitSetting, SignInLimitOptions } from './rate-limit.ts';
export { memoryStore, type RelayStore } from './store.ts';
export { SESSION_COOKIE, SECURE_SESSION_COOKIE } from './session.ts';
export type { FetchHandler, ConnectionInfo } from '../server/http.ts';
