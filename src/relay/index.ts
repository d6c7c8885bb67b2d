/**
 * The reference relay's public surface: createRelay, the Node adapter and the option types.
 */
export { createRelay, type Relay, type RelayOptions } from './relay.ts';
export type { RateBudget, RateLimitOptions, RateLimitSetting } from './rate-limit.ts';
export { SESSION_COOKIE } from './session.ts';
export { createNodeFetch } from './node-fetch.ts';
export { toNodeListener, type NodeListener } from '../server/node.ts';
export type { FetchHandler, ConnectionInfo } from '../server/http.ts';
