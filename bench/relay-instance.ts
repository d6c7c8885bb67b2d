/**
 * One relay process for bench/shared-store.ts: in front of the emulator at BENCH_UPSTREAM,
 * on Redis when BENCH_REDIS is set (else its memory), limits raised so a benchmark from one
 * loopback address is not refused, no log line per call. Prints its URL.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeFetch, createRelay, serverOptions, toNodeListener } from '../src/relay/node.ts';
import { createRedisStore } from '../src/relay/redis-store.ts';

const upstream = process.env['BENCH_UPSTREAM']!;
const store = process.env['BENCH_REDIS'] ? createRedisStore({ url: process.env['BENCH_REDIS'] }) : undefined;
const relay = createRelay({
  upstream,
  token: process.env['BENCH_TOKEN']!,
  sessionSecret: process.env['BENCH_SECRET']!,
  devOrigins: [upstream],
  store,
  fetch: createNodeFetch(),
  log: () => {},
  rateLimits: {
    perIp: { points: 100_000_000, durationS: 60 },
    perUser: { points: 100_000_000, durationS: 60 },
  },
});
if (store && !(await store.ready(10_000))) throw new Error('Redis is not reachable');
const server = createServer(serverOptions(), toNodeListener(relay));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`relay at http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void store?.close().finally(() => process.exit(0));
  if (!store) process.exit(0);
});
