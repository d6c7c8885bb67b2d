/**
 * Two relay processes on one real Redis (Debian's redis-server, on a free loopback port):
 * limits are shared, a logout on one holds on the other, and a Redis restart mid-run ends
 * in the documented state (sessions fail closed while it is away; a Redis that comes back
 * empty voids the sessions sealed before, so no revoked cookie comes back to life).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Browser } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/ct-connect.js', import.meta.url));
const TOKEN = 'redis-test-token';
const SECRET = 'a-secret-shared-by-both-relays-0123456789abcdef';

const REDIS = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).stdout.trim();
if (!REDIS) {
  process.stderr.write(
    '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' +
      '!! redis-server is not installed: the shared-store tests are SKIPPED.          !!\n' +
      '!! Install it (apt-get install redis-server; .ci/run does) to run them.        !!\n' +
      '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n',
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Proc {
  readonly child: ChildProcess;
  out(): string;
  err(): string;
  /** Resolves once `pattern` appears in standard output or error; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  stop(): Promise<void>;
}

function run(command: string, args: string[]): Proc {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiters: (() => void)[] = [];
  const poke = (): void => waiters.splice(0).forEach((w) => w());
  child.stdout!.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), poke()));
  child.stderr!.on('data', (chunk: Buffer) => ((stderr += chunk.toString()), poke()));
  let exited = false;
  const exit = new Promise<void>((resolve) => child.on('exit', () => ((exited = true), poke(), resolve())));
  return {
    child,
    out: () => stdout,
    err: () => stderr,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = pattern.exec(stdout) ?? pattern.exec(stderr);
          if (match) resolve(match);
          else if (exited) reject(new Error(`${command} exited before ${pattern}:\n${stdout}\n${stderr}`));
          else waiters.push(check);
        };
        check();
      });
    },
    async stop() {
      if (!exited) child.kill('SIGTERM');
      await exit;
    },
  };
}

async function startRedis(port: number): Promise<Proc> {
  const redis = run(REDIS, [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'no',
    '--protected-mode',
    'yes',
  ]);
  await redis.waitFor(/Ready to accept connections/);
  return redis;
}

async function startRelay(upstream: string, redisPort: number): Promise<Proc & { url: string }> {
  const relay = run(process.execPath, [
    BIN,
    'relay',
    '--port',
    '0',
    '--upstream',
    upstream,
    '--token',
    TOKEN,
    '--session-secret',
    SECRET,
    '--dev-origin',
    upstream,
    '--trust-proxy',
    '--redis',
    `redis://127.0.0.1:${redisPort}`,
  ]);
  const [, url] = await relay.waitFor(/ct-connect relay at (http:\/\/\S+)\/connect/);
  return { ...relay, url: url! };
}

/** Repeats `attempt` until it gives what `done` wants; the last value otherwise (a test's timeout ends it). */
async function until<T>(attempt: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (;;) {
    const value = await attempt();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('two relays on one Redis', { skip: !REDIS, timeout: 120_000 }, () => {
  let redisPort: number;
  let redis: Proc;
  let emulator: Proc & { url?: string };
  let emulatorUrl: string;
  let a: Proc & { url: string };
  let b: Proc & { url: string };

  const visitor = (relay: { url: string }) => new Browser(relay.url);
  const as = (ip: string) => ({ 'x-forwarded-for': ip });

  async function account(user: string): Promise<void> {
    const created = await fetch(`${emulatorUrl}/_emulator/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, password: 'right0000', email_address: `${user}@example.com` }),
    });
    assert.equal(created.status, 201, await created.text());
  }

  async function signIn(relay: { url: string }, user: string, ip = '198.51.100.1'): Promise<Browser> {
    const browser = visitor(relay);
    const answer = await browser.call('authenticate_user', { user, password: 'right0000' }, as(ip));
    assert.equal(answer.body.ok, true, answer.text);
    return browser;
  }

  before(async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    emulator = run(process.execPath, [BIN, 'emulator', '--port', '0', '--token', TOKEN]);
    emulatorUrl = (await emulator.waitFor(/emulator at (http:\/\/[^/\s]+)\//))[1]!;
    [a, b] = await Promise.all([startRelay(emulatorUrl, redisPort), startRelay(emulatorUrl, redisPort)]);
    for (const user of ['alice', 'bob', 'carol', 'dave']) await account(user);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop(), emulator?.stop(), redis?.stop()]);
  });

  test('failed sign-ins are counted across both relays', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 7; i++) {
      const relay = i % 2 === 0 ? a : b;
      const answer = await visitor(relay).call(
        'authenticate_user',
        { user: `nobody${i}`, password: 'wrong0000' },
        as('203.0.113.77'),
      );
      codes.push(answer.body.errors[0]!.code);
    }
    // Five failures in all, wherever they landed; alone, each relay would have allowed five.
    assert.deepEqual(codes, ['404', '404', '404', '404', '404', 'sign_in_limited', 'sign_in_limited']);
  });

  test('a session sealed by one relay works on the other; a logout on one is refused on the other', async () => {
    const browser = await signIn(a, 'alice');
    const onB = new Browser(b.url);
    onB.cookie = browser.cookie;
    assert.equal((await onB.session()).body.user, 'alice');
    const copy = browser.cookie;
    assert.equal((await browser.logout()).status, 200);
    onB.cookie = copy;
    const after = await onB.session();
    assert.equal(after.status, 200);
    assert.deepEqual(after.body, { user: null });
    onB.cookie = copy;
    assert.equal((await onB.call('buy_credits_url')).status, 401);
  });

  test('a Redis restart: sessions fail closed while it is away, lists still answer, and no revoked cookie returns', async () => {
    const kept = await signIn(a, 'bob');
    const loggedOut = await signIn(b, 'carol');
    const revokedCopy = loggedOut.cookie;
    assert.equal((await loggedOut.logout()).status, 200);

    await redis.stop();
    // Sessions: 503 store_unavailable, from both relays, and the cookie is kept for later.
    const onB = new Browser(b.url);
    onB.cookie = kept.cookie;
    const away = await until(
      () => onB.session(),
      (answer) => answer.status === 503,
    );
    assert.equal(away.body.errors[0]!.code, 'store_unavailable');
    assert.equal(away.headers.getSetCookie().length, 0);
    const signInAway = await visitor(a).call('authenticate_user', { user: 'dave', password: 'right0000' });
    assert.equal(signInAway.status, 503);
    // Calls without a session go on, limited by each process's memory.
    const list = await visitor(a).call('get_list_account');
    assert.equal(list.status, 200, list.text);
    await a.waitFor(/relay store: Redis unreachable/);
    await b.waitFor(/relay store: Redis unreachable/);
    assert.ok(!a.err().includes(`redis://`), 'the Redis URL is not logged');

    // Back, empty (no persistence): a new generation; sessions sealed before it are over.
    redis = await startRedis(redisPort);
    await a.waitFor(/relay store: Redis reachable again/);
    await b.waitFor(/relay store: Redis reachable again/);
    const revoked = new Browser(a.url);
    revoked.cookie = revokedCopy;
    const stillRevoked = await until(
      () => revoked.session(),
      (answer) => answer.status !== 503,
    );
    assert.deepEqual(stillRevoked.body, { user: null }, 'a cookie revoked before the restart stays refused');
    onB.cookie = kept.cookie;
    assert.deepEqual((await onB.session()).body, { user: null }, 'sessions from before the restart end');
    // Signing in again works, on either relay, and logouts are shared again.
    const again = await signIn(b, 'bob', '198.51.100.2');
    const onA = new Browser(a.url);
    onA.cookie = again.cookie;
    assert.equal((await onA.session()).body.user, 'bob');
    const copy = again.cookie;
    await again.logout();
    onA.cookie = copy;
    assert.deepEqual((await onA.session()).body, { user: null });
  });
});

test('ct-connect/relay never loads the Redis client: only ct-connect/relay/redis does', async () => {
  const { readFileSync } = await import('node:fs');
  const { dirname, resolve } = await import('node:path');
  const seen = new Set<string>();
  const packages = new Set<string>();
  const walk = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    // Static imports and re-exports; `import type` is erased.
    for (const m of code.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+'([^']+)';/gm)) {
      const specifier = m[1]!;
      if (specifier.startsWith('.')) walk(resolve(dirname(file), specifier));
      else packages.add(specifier);
    }
  };
  walk(fileURLToPath(new URL('../../src/relay/index.ts', import.meta.url)));
  assert.ok(!packages.has('ioredis'), [...packages].join(', '));
  assert.ok(![...seen].some((f) => f.endsWith('redis-store.ts')));
  assert.ok(
    [...seen].some((f) => f.endsWith('store.ts')),
    'the walk follows the imports',
  );
});
