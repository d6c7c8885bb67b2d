/**
 * `ct-connect relay`: the relay on its own port, in front of the Connect API or of an
 * emulator in the same process.
 */
import { createServer, type Server } from 'node:http';
import { parseArgs } from 'node:util';
import { createRelay, type LogClientIp } from './relay.ts';
import { createNodeFetch } from './node-fetch.ts';
import { capConnectionsPerIp, serveUntilSignal, serverOptions, toNodeListener } from '../server/node.ts';
import type { RelayStore } from './store.ts';
import { createRelayWithEmulator } from './with-emulator.ts';
import { serveStatic } from '../server/static.ts';

const help = `Usage: ct-connect relay [--upstream <url> | --emulator] [options]

Without --emulator the relay needs a token and a session secret (flags or environment);
with --emulator it makes up whichever is not given.

  --port <n>              port to listen on (0 picks a free one)            [8787]
  --host <address>        address to listen on                              [127.0.0.1]
  --upstream <url>        the Connect API        [https://connect.clickatell.com]
  --emulator              run the Connect API emulator in this process as the upstream,
                          with its admin API at /_emulator/ on the same port
  --token <t>             Connect API token (or CT_CONNECT_TOKEN)
  --session-secret <s>    32+ character cookie secret (or CT_CONNECT_SESSION_SECRET)
  --allow-origin <origin> an exact origin allowed to call cross-origin (repeatable)
  --dev-origin <origin>   an origin, http allowed, whose terms and buy links are trusted:
                          a standalone emulator's, such as http://127.0.0.1:5330 (repeatable)
  --trusted-host <host>   a host whose https terms and buy links are trusted, besides the
                          upstream's own (repeatable)
  --cross-site            cookies SameSite=None; Secure; Partitioned (relay on another site)
  --path <path>           endpoint path                                      [/connect]
  --timeout-ms <ms>       upstream timeout                                   [10000]
  --trust-proxy           believe X-Forwarded-For/-Proto/-Host from one proxy in front
                          (the client is the entry it appended: the rightmost)
  --trust-proxy-hops <n>  as --trust-proxy, with n proxies in a row (CDN + load balancer)
  --trusted-proxy <cidr>  as --trust-proxy, believing only these proxy addresses or CIDR
                          ranges (repeatable)
  --redis <url>           keep rate limits, failed sign-ins and revocations in Redis,
                          shared by every relay on it (redis://host:6379)
  --http-terms-host <h>   fetch terms from this host over plain http when the API says
                          http (default: such terms are fetched over https)
  --log-client-ip <mode>  off, truncated (/24, /48) or full                  [off]
  --headers-timeout-ms <ms>  time to receive a request's headers             [10000]
  --request-timeout-ms <ms>  time to receive a whole request                 [30000]
  --max-connections-per-ip <n>  open connections per client IP (0: no cap)   [64]
  --static <dir>          also serve the files of <dir> (a test page beside the relay)
  -h, --help              this text
`;

function fail(message: string): number {
  process.stderr.write(`ct-connect relay: ${message}\n`);
  return 1;
}

// Only scheme://host[:port]: a path would be dropped without a word, and a URL without a
// scheme ("localhost:5330") is no origin at all.
function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    const bare = url.username === '' && url.password === '' && url.pathname === '/' && url.search === '';
    return (url.protocol === 'http:' || url.protocol === 'https:') && bare && url.hash === '';
  } catch {
    return false;
  }
}

function isHost(value: string): boolean {
  try {
    return new URL(`https://${value}/`).hostname === value.toLowerCase();
  } catch {
    return false;
  }
}

// --trusted-host adds to what createRelay trusts by default rather than replacing it.
function upstreamHosts(upstream: string | undefined): string[] {
  try {
    return [new URL(upstream ?? 'https://connect.clickatell.com').hostname];
  } catch {
    return [];
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** Runs the relay until SIGINT or SIGTERM; resolves to the process exit code. */
export async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string', default: '8787' },
        host: { type: 'string', default: '127.0.0.1' },
        upstream: { type: 'string' },
        emulator: { type: 'boolean', default: false },
        token: { type: 'string' },
        'session-secret': { type: 'string' },
        'allow-origin': { type: 'string', multiple: true },
        'dev-origin': { type: 'string', multiple: true },
        'trusted-host': { type: 'string', multiple: true },
        'cross-site': { type: 'boolean', default: false },
        path: { type: 'string', default: '/connect' },
        'timeout-ms': { type: 'string', default: '10000' },
        'trust-proxy': { type: 'boolean', default: false },
        'trust-proxy-hops': { type: 'string' },
        'trusted-proxy': { type: 'string', multiple: true },
        redis: { type: 'string' },
        'http-terms-host': { type: 'string' },
        'log-client-ip': { type: 'string', default: 'off' },
        'headers-timeout-ms': { type: 'string', default: '10000' },
        'request-timeout-ms': { type: 'string', default: '30000' },
        'max-connections-per-ip': { type: 'string', default: '64' },
        static: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return fail(`${error instanceof Error ? error.message : String(error)}\n\n${help}`);
  }
  if (values.help) {
    process.stdout.write(help);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return fail(`--port "${values.port}" is not a port number.`);
  const timeoutMs = Number(values['timeout-ms']);
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0)
    return fail(`--timeout-ms "${values['timeout-ms']}" is not a positive number.`);
  if (values.emulator && values.upstream) return fail('give either --upstream or --emulator, not both.');
  const limits: Record<string, number> = {};
  for (const flag of ['headers-timeout-ms', 'request-timeout-ms', 'max-connections-per-ip'] as const) {
    const n = Number(values[flag]);
    if (!Number.isInteger(n) || n < 0 || (n === 0 && flag !== 'max-connections-per-ip'))
      return fail(
        `--${flag} "${values[flag]}" is not a ${flag.endsWith('ms') ? 'positive' : 'whole'} number.`,
      );
    limits[flag] = n;
  }
  let trustProxy: boolean | number | string[] = values['trust-proxy'];
  if (values['trust-proxy-hops'] !== undefined) {
    const hops = Number(values['trust-proxy-hops']);
    if (!Number.isInteger(hops) || hops < 1)
      return fail(`--trust-proxy-hops "${values['trust-proxy-hops']}" is not a number of proxies.`);
    trustProxy = hops;
  }
  if (values['trusted-proxy'] !== undefined) {
    if (values['trust-proxy-hops'] !== undefined)
      return fail('give either --trust-proxy-hops or --trusted-proxy, not both.');
    trustProxy = values['trusted-proxy'];
  }
  const logClientIp = values['log-client-ip'] as LogClientIp;
  if (!['off', 'truncated', 'full'].includes(logClientIp))
    return fail(`--log-client-ip takes off, truncated or full, not "${logClientIp}".`);
  if (values['http-terms-host'] !== undefined && !isHost(values['http-terms-host']))
    return fail('--http-terms-host takes a host name such as www.example.com: no scheme, port or path.');
  let store: (RelayStore & { close(): Promise<void>; ready(): Promise<boolean> }) | undefined;
  if (values.redis !== undefined) {
    let redisUrl: URL | undefined;
    try {
      redisUrl = new URL(values.redis);
    } catch {
      redisUrl = undefined;
    }
    // The value is not repeated back: it may hold a password.
    if (!redisUrl || (redisUrl.protocol !== 'redis:' && redisUrl.protocol !== 'rediss:'))
      return fail('--redis takes a URL such as redis://127.0.0.1:6379.');
    // Loaded only when asked for: a relay without Redis never loads the client.
    const { createRedisStore } = await import('./redis-store.ts');
    store = createRedisStore({ url: values.redis });
    // Listen once Redis answers, so the first visitors do not meet 503s; a Redis that is
    // not there yet is waited for a moment, then the relay starts without it (see docs).
    if (!(await store.ready()))
      process.stdout.write(
        'note: Redis is not reachable yet: sessions answer 503 store_unavailable until it is\n',
      );
  }
  // The value is not repeated back: a mistyped one may hold a password (http://user:pw@host).
  if (!(values['dev-origin'] ?? []).every(isOrigin))
    return fail('--dev-origin takes an origin such as http://127.0.0.1:5330: scheme, host and port only.');
  if (!(values['trusted-host'] ?? []).every(isHost))
    return fail('--trusted-host takes a host name such as terms.example.com: no scheme, port or path.');

  const token = values.token ?? (process.env['CT_CONNECT_TOKEN'] || undefined);
  const sessionSecret = values['session-secret'] ?? (process.env['CT_CONNECT_SESSION_SECRET'] || undefined);
  const notes: string[] = [];
  // With the emulator, a missing token or secret is made up for this run (createRelayWithEmulator).
  if (values.emulator && !sessionSecret)
    notes.push('generated a session secret for this run: sessions end when the relay stops');
  if (!values.emulator && !token) return fail('a token is required: --token <t> or CT_CONNECT_TOKEN.');
  if (!values.emulator && !sessionSecret)
    return fail('a session secret is required: --session-secret <s> or CT_CONNECT_SESSION_SECRET.');
  if (sessionSecret !== undefined && sessionSecret.length < 32)
    return fail('the session secret must be at least 32 characters long.');

  let files: ReturnType<typeof serveStatic> | undefined;
  if (values.static !== undefined) {
    try {
      files = serveStatic(values.static);
    } catch (error) {
      return fail(`--static ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // The emulator's URLs point at this server, so its origin is known only once it listens:
  // the handler is built after listen() and requests wait for it.
  let ready: (listener: ReturnType<typeof toNodeListener>) => void = () => {};
  const listenerReady = new Promise<ReturnType<typeof toNodeListener>>((resolve) => (ready = resolve));
  const server = createServer(
    serverOptions({
      headersTimeoutMs: limits['headers-timeout-ms']!,
      requestTimeoutMs: limits['request-timeout-ms']!,
    }),
    (req, res) => {
      void listenerReady.then((listener) => listener(req, res));
    },
  );
  capConnectionsPerIp(server, limits['max-connections-per-ip']!);
  let boundPort: number;
  try {
    boundPort = await listen(server, port, values.host);
  } catch (error) {
    await store?.close();
    return fail(
      `cannot listen on ${values.host}:${port}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const shownHost = values.host.includes(':') ? `[${values.host}]` : values.host;
  const origin = `http://${shownHost}:${boundPort}`;

  try {
    const common = {
      path: values.path,
      allowOrigins: values['allow-origin'] ?? [],
      devOrigins: values['dev-origin'] ?? [],
      trustedHosts: values['trusted-host'] && [
        ...(values.emulator ? [] : upstreamHosts(values.upstream)),
        ...values['trusted-host'],
      ],
      crossSite: values['cross-site'],
      timeoutMs,
      trustProxy,
      logClientIp,
      store,
      httpTermsHost: values['http-terms-host'],
      // On Node, node:http reaches the upstream at a fraction of the global fetch's CPU cost.
      fetch: createNodeFetch(),
    };
    const handler = values.emulator
      ? createRelayWithEmulator({ ...common, origin, token, sessionSecret }).handler
      : createRelay({ ...common, upstream: values.upstream, token: token!, sessionSecret: sessionSecret! });
    const listener = toNodeListener(handler);
    ready(files ? (req, res) => listener(req, res, () => files(req, res)) : listener);
  } catch (error) {
    server.close();
    await store?.close();
    return fail(error instanceof Error ? error.message : String(error));
  }

  for (const note of notes) process.stdout.write(`note: ${note}\n`);
  process.stdout.write(`ct-connect relay at ${origin}${values.path}\n`);
  if (values.emulator) process.stdout.write(`emulator admin API at ${origin}/_emulator/\n`);
  else process.stdout.write(`upstream ${values.upstream ?? 'https://connect.clickatell.com'}\n`);
  if (values.static !== undefined)
    process.stdout.write(`serving the files of ${values.static} at ${origin}/\n`);

  if (values.redis !== undefined) process.stdout.write('shared store: Redis\n');

  const code = await serveUntilSignal(server);
  await store?.close();
  return code;
}
