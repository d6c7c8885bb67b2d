/**
 * The reference relay's public surface, `ct-connect/relay`: createRelay and the option
 * types. Runtime-neutral: Fetch API only, no Node module anywhere in its imports (a test
 * bundles it for a neutral platform). The Node adapter is `ct-connect/relay/node`.
 */
export { createRelay, type Relay, type RelayOptions } from './relay.ts';
export type { RateBudget, RateLimitOptions, RateLimitSetting } from './rate-limit.ts';
export { SESSION_COOKIE } from './session.ts';
export type { FetchHandler, ConnectionInfo } from '../server/http.ts';
