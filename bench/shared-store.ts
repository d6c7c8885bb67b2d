/**
 * Many instances on Redis against one in memory, same run, loopback only (issue 11 §3):
 *   (m) one relay process with its memory store;
 *   (r) two relay processes sharing a redis-server, the load spread over both.
 * Each is loaded by autocannon (bounded: BENCH_CONNECTIONS connections, default 200, for
 * BENCH_DURATION_S seconds, default 60) with a signed-in visitor's mix: `GET /connect/session`
 * with the session cookie (a rate-limit check and a revocation check in the store) and a
 * cached `get_list_account` (a rate-limit check). Prints requests/s, p50 and p99 latency,
 * answers by status, and the relays' RSS at the start, at the peak and after
 * BENCH_IDLE_S (default 10) idle seconds. Not a test: it prints figures.
 *
 *   node --import tsx bench/shared-store.ts
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  statusCodeStats?: Record<string, { count: number }>;
  errors: number;
  timeouts: number;
}
type Cannon = (options: Record<string, unknown>) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

const BIN = fileURLToPath(new URL('../bin/ct-connect.js', import.meta.url));
const INSTANCE = fileURLToPath(new URL('./relay-instance.ts', import.meta.url));
const TOKEN = 'bench-token-not-a-secret';
const SECRET = 'bench-session-secret-0123456789abcdef-0123456789';
const DURATION_S = Number(process.env['BENCH_DURATION_S'] ?? 60);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 200);
const IDLE_S = Number(process.env['BENCH_IDLE_S'] ?? 10);

function start(command: string, args: string[], env: Record<string, string>, ready: RegExp) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const match = new Promise<RegExpExecArray>((resolve, reject) => {
    const look = (chunk: Buffer): void => {
      text += chunk.toString();
      const found = ready.exec(text);
      if (found) resolve(found);
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.on('exit', () => reject(new Error(`${command} ${args.join(' ')} exited:\n${text}`)));
  });
  return { child, match };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Resident set size of a process, in MB. */
function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb ?? 0) / 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Scenario {
  readonly name: string;
  readonly result: CannonResult;
  readonly rss: { start: number; peak: number; idle: number };
  readonly redisRss?: { start: number; peak: number; idle: number };
}

async function scenario(
  name: string,
  upstream: string,
  instances: number,
  redisUrl?: string,
  redisPid?: number,
) {
  const relays = await Promise.all(
    Array.from({ length: instances }, () =>
      start(
        process.execPath,
        ['--import', 'tsx', INSTANCE],
        {
          BENCH_UPSTREAM: upstream,
          BENCH_TOKEN: TOKEN,
          BENCH_SECRET: SECRET,
          ...(redisUrl ? { BENCH_REDIS: redisUrl } : {}),
        },
        /relay at (http:\/\/\S+)/,
      ),
    ),
  );
  try {
    const urls = await Promise.all(relays.map(async (r) => (await r.match)[1]!));
    // A signed-in visitor's cookie, sealed by the first relay (the others share the secret).
    const signIn = await fetch(`${urls[0]}/connect`, {
      method: 'POST',
      headers: { 'x-ct-connect': '1', 'content-type': 'application/json' },
      body: JSON.stringify({
        action: 'authenticate_user',
        params: { user: 'benchuser', password: 'bench0000' },
      }),
    });
    const cookie = signIn.headers.getSetCookie()[0]?.split(';')[0];
    if (!signIn.ok || !cookie) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
    const pids = relays.map((r) => r.child.pid!);
    const sum = () => pids.reduce((total, pid) => total + rssMb(pid), 0);
    const rss = { start: sum(), peak: 0, idle: 0 };
    const redisRss = redisPid ? { start: rssMb(redisPid), peak: 0, idle: 0 } : undefined;
    const sampler = setInterval(() => {
      rss.peak = Math.max(rss.peak, sum());
      if (redisRss) redisRss.peak = Math.max(redisRss.peak, rssMb(redisPid!));
    }, 250);
    const result = await autocannon({
      url: urls.map((u) => `${u}/connect`),
      connections: CONNECTIONS,
      duration: DURATION_S,
      timeout: 10,
      headers: { 'x-ct-connect': '1', cookie },
      requests: [
        { method: 'GET', path: '/connect/session' },
        {
          method: 'POST',
          path: '/connect',
          headers: { 'x-ct-connect': '1', 'content-type': 'application/json', cookie },
          body: JSON.stringify({ action: 'get_list_account' }),
        },
      ],
    });
    clearInterval(sampler);
    rss.peak = Math.max(rss.peak, sum());
    await sleep(IDLE_S * 1000);
    rss.idle = sum();
    if (redisRss) redisRss.idle = rssMb(redisPid!);
    return { name, result, rss, redisRss } satisfies Scenario;
  } finally {
    await Promise.all(relays.map((r) => stop(r.child)));
  }
}

function row(s: Scenario): string {
  const statuses = Object.entries(s.result.statusCodeStats ?? {})
    .map(([code, { count }]) => `${code}:${count}`)
    .join(' ');
  const other =
    s.result.errors + s.result.timeouts > 0 ? ` errors:${s.result.errors} timeouts:${s.result.timeouts}` : '';
  const mb = (n: number) => n.toFixed(0).padStart(4);
  return (
    `${s.name.padEnd(30)} ${s.result.requests.average.toFixed(0).padStart(6)} ` +
    `${String(s.result.latency.p50).padStart(6)} ${String(s.result.latency.p99).padStart(6)}   ` +
    `${mb(s.rss.start)} ${mb(s.rss.peak)} ${mb(s.rss.idle)}   ${statuses}${other}` +
    (s.redisRss
      ? `\n${''.padEnd(30)} redis-server RSS MB: ${mb(s.redisRss.start)} ${mb(s.redisRss.peak)} ${mb(s.redisRss.idle)}`
      : '')
  );
}

export async function main(): Promise<void> {
  const redisServer = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
  console.log(
    `Shared store: ${CONNECTIONS} connections, ${DURATION_S} s each, loopback; ` +
      `a signed-in visitor's /session + cached get_list_account`,
  );
  const emulator = start(
    process.execPath,
    [BIN, 'emulator', '--port', '0', '--token', TOKEN],
    {},
    /emulator at (http:\/\/[^/\s]+)\//,
  );
  const upstream = (await emulator.match)[1]!;
  const redisPort = await freePort();
  const redis = redisServer
    ? start(
        redisServer,
        ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
        {},
        /Ready to accept connections/,
      )
    : undefined;
  try {
    await redis?.match;
    const created = await fetch(`${upstream}/_emulator/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'benchuser', password: 'bench0000', email_address: 'bench@example.com' }),
    });
    if (created.status !== 201) throw new Error(`account: ${created.status} ${await created.text()}`);
    const scenarios: Scenario[] = [await scenario('(m) one relay, memory store', upstream, 1)];
    if (redis) {
      scenarios.push(
        await scenario(
          '(r) two relays, one Redis',
          upstream,
          2,
          `redis://127.0.0.1:${redisPort}`,
          redis.child.pid,
        ),
      );
    } else console.log('redis-server is not installed: (r) skipped.');
    console.log(`${'scenario'.padEnd(30)}  req/s p50 ms p99 ms   RSS MB start peak idle   answers by status`);
    for (const s of scenarios) console.log(row(s));
  } finally {
    await Promise.all([stop(emulator.child), redis ? stop(redis.child) : Promise.resolve()]);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
