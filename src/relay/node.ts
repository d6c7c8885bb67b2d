/**
 * `ct-connect/relay/node`: the relay's Node adapter. toNodeListener mounts the relay (any
 * Fetch-standard handler) on node:http, Express, Connect, Fastify or Vite; serverOptions
 * and capConnectionsPerIp set a server's timeouts and per-IP connection cap;
 * createNodeFetch is a faster upstream transport than Node's global fetch. Everything
 * `ct-connect/relay` exports is here too, so a Node server needs one import. The neutral
 * entry itself loads no Node module, for Workers, Deno, Bun and edge runtimes.
 */
export * from './index.ts';
export { createNodeFetch } from './node-fetch.ts';
export {
  capConnectionsPerIp,
  serverOptions,
  toNodeListener,
  type NodeListener,
  type NodeServerLimits,
} from '../server/node.ts';
