/**
 * The reference relay's public surface: createRelay, the Node adapter and the option types.
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
export { createNodeFetch } from './node-fetch.ts';
export {
  capConnectionsPerIp,
  serverOptions,
  toNodeListener,
  type NodeListener,
  type NodeServerLimits,
} from '../server/node.ts';
export type { FetchHandler, ConnectionInfo } from '../server/http.ts';
