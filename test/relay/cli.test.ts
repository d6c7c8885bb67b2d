/**
 * `ct-connect relay`: started as a user starts it, answering a call, stopping on SIGTERM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { fakeApi, serve, xmlAnswer } from './helpers.ts';

const BIN = fileURLToPath(new URL('../../bin/ct-connect.js', import.meta.url));

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, 'relay', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /ct-connect relay at (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then(() => reject(new Error(`exited early:\n${stdout}\n${stderr}`)));
  });
  return { child, url, exited, output: () => ({ stdout, stderr }) };
}

/** `ct-connect emulator` on a free port, as a developer runs it beside the relay. */
function startEmulator(token: string) {
  const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0', '--token', token], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const origin = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /emulator at (http:\/\/[^/\s]+)\//.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then(() => reject(new Error(`emulator exited early:\n${stdout}`)));
  });
  return { child, origin, exited };
}

async function call(url: string, action: string, params: Record<string, string> = {}) {
  const answer = await fetch(url, {
    method: 'POST',
    headers: { 'x-ct-connect': '1', 'content-type': 'application/json' },
    body: JSON.stringify({ action, params }),
  });
  const body = (await answer.json()) as {
    ok: boolean;
    values: Record<string, string>[];
    errors: { code: string }[];
  };
  return { status: answer.status, body };
}

test(
  'relay --emulator prints its URL, answers calls and the admin API, and stops on SIGTERM',
  { timeout: 60_000 },
  async () => {
    const relay = start(['--emulator', '--port', '0']);
    const url = await relay.url;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/connect$/);
    const answer = await fetch(url, {
      method: 'POST',
      headers: { 'x-ct-connect': '1', 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'get_captcha' }),
    });
    const body = (await answer.json()) as { ok: boolean; values: { captcha_id: string }[] };
    assert.equal(body.ok, true);
    const admin = await fetch(new URL(`/_emulator/captcha/${body.values[0]!.captcha_id}`, url));
    assert.equal(admin.status, 200);
    assert.match(((await admin.json()) as { code: string }).code, /^\w+$/);
    assert.match(relay.output().stdout, /note: generated a session secret/);
    relay.child.kill('SIGTERM');
    assert.equal(await relay.exited, 0);
    assert.match(relay.output().stderr, /relay POST get_captcha 200/);
  },
);

test('relay refuses to start with a short session secret, saying why', { timeout: 60_000 }, async () => {
  const relay = start(['--port', '0', '--token', 'abc'], { CT_CONNECT_SESSION_SECRET: 'too-short' });
  relay.url.catch(() => {});
  assert.equal(await relay.exited, 1);
  assert.match(relay.output().stderr, /at least 32 characters/);
});

test('relay refuses to start without a token', { timeout: 60_000 }, async () => {
  const relay = start(['--port', '0'], { CT_CONNECT_TOKEN: '', CT_CONNECT_SESSION_SECRET: 'x'.repeat(40) });
  relay.url.catch(() => {});
  assert.equal(await relay.exited, 1);
  assert.match(relay.output().stderr, /token is required/);
});

test(
  'relay --static serves a folder beside the relay, and nothing outside it',
  { timeout: 60_000 },
  async () => {
    const relay = start(['--emulator', '--port', '0', '--static', 'test/package/fixtures']);
    const url = await relay.url;
    const page = await fetch(new URL('/cdn.html', url));
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(await page.text(), /<ct-login/);
    for (const escape of ['/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json']) {
      assert.equal((await fetch(new URL(escape, url))).status, 404, escape);
    }
    assert.equal((await fetch(new URL('/missing.html', url))).status, 404);
    const call = await fetch(url, {
      method: 'POST',
      headers: { 'x-ct-connect': '1', 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'get_list_account' }),
    });
    assert.equal(((await call.json()) as { ok: boolean }).ok, true);
    assert.match(relay.output().stdout, /serving the files of test\/package\/fixtures/);
    relay.child.kill('SIGTERM');
    assert.equal(await relay.exited, 0);
  },
);

test(
  'relay --static refuses to start on a folder that does not exist, in one line',
  { timeout: 60_000 },
  async () => {
    const relay = start(['--emulator', '--port', '0', '--static', 'no-such-folder']);
    relay.url.catch(() => {});
    assert.equal(await relay.exited, 1);
    const { stdout, stderr } = relay.output();
    assert.equal(stderr, 'ct-connect relay: --static "no-such-folder" does not exist.\n');
    assert.doesNotMatch(stdout, /relay at/);
  },
);

test(
  'relay in front of a standalone emulator shows its terms with --dev-origin, and refuses them without',
  { timeout: 60_000 },
  async () => {
    const emulator = startEmulator('abc');
    const origin = await emulator.origin;
    const secret = 'x'.repeat(40);
    const common = ['--port', '0', '--upstream', origin, '--token', 'abc', '--session-secret', secret];
    const trusting = start([...common, '--dev-origin', origin]);
    const plain = start(common);
    try {
      const terms = await call(await trusting.url, 'get_list_terms', { country_id: '209' });
      assert.equal(terms.status, 200, JSON.stringify(terms.body));
      assert.equal(terms.body.ok, true);
      assert.ok(terms.body.values[0]!['URL_location']!.startsWith(`${origin}/_emulator/terms/`));
      assert.match(terms.body.values[0]!['content']!, /\S/);
      const refused = await call(await plain.url, 'get_list_terms', { country_id: '209' });
      assert.equal(refused.status, 502);
      assert.equal(refused.body.errors[0]!.code, 'unsafe_url');
    } finally {
      for (const child of [trusting.child, plain.child, emulator.child]) child.kill('SIGTERM');
    }
    assert.equal(await trusting.exited, 0);
    assert.equal(await plain.exited, 0);
    assert.equal(await emulator.exited, 0);
  },
);

test(
  'relay --trusted-host trusts https links on that host as well as on the upstream',
  { timeout: 60_000 },
  async () => {
    let buyUrl = '';
    const api = await serve(fakeApi((c) => xmlAnswer(c.action, { values: [{ buy_url: buyUrl }] })));
    const secret = 'x'.repeat(40);
    const relay = start([
      ...['--port', '0', '--upstream', api.url, '--token', 'abc', '--session-secret', secret],
      ...['--trusted-host', 'shop.example', '--trusted-host', 'pay.example'],
    ]);
    try {
      const url = await relay.url;
      const buy = () => call(url, 'buy_credits_url', { user: 'jdoe', password: 'secret99' });
      for (const trusted of [
        'https://shop.example/buy',
        'https://pay.example/buy',
        'https://127.0.0.1/buy',
      ]) {
        buyUrl = trusted;
        const answer = await buy();
        assert.equal(answer.body.values?.[0]?.['buy_url'], trusted, JSON.stringify(answer.body));
      }
      for (const untrusted of ['https://evil.example/buy', 'http://shop.example/buy']) {
        buyUrl = untrusted;
        const answer = await buy();
        assert.equal(answer.status, 502, untrusted);
        assert.equal(answer.body.errors[0]!.code, 'unsafe_url');
      }
    } finally {
      relay.child.kill('SIGTERM');
      await relay.exited;
      await api.close();
    }
  },
);

test(
  'relay refuses a --dev-origin or --trusted-host it cannot use, in one line',
  { timeout: 60_000 },
  async () => {
    const env = { CT_CONNECT_TOKEN: 'abc', CT_CONNECT_SESSION_SECRET: 'x'.repeat(40) };
    for (const [flag, value, message] of [
      ['--dev-origin', 'localhost:5330', '--dev-origin takes an origin such as http://127.0.0.1:5330'],
      ['--dev-origin', 'http://127.0.0.1:5330/terms', '--dev-origin takes an origin'],
      ['--trusted-host', 'https://shop.example', '--trusted-host takes a host name'],
      ['--trusted-host', 'shop.example:8443', '--trusted-host takes a host name'],
    ] as const) {
      const relay = start(['--port', '0', flag, value], env);
      relay.url.catch(() => {});
      assert.equal(await relay.exited, 1, value);
      const { stderr } = relay.output();
      assert.ok(stderr.startsWith(`ct-connect relay: ${message}`), stderr);
      assert.equal(stderr.split('\n').length, 2, stderr);
    }
  },
);

test(
  'relay --help shows --upstream and --emulator as optional, and exits 0',
  { timeout: 60_000 },
  async () => {
    const relay = start(['--help']);
    relay.url.catch(() => {});
    assert.equal(await relay.exited, 0);
    const usage = relay.output().stdout.split('\n')[0];
    assert.equal(usage, 'Usage: ct-connect relay [--upstream <url> | --emulator] [options]');
    assert.match(
      relay.output().stdout,
      /--upstream <url> +the Connect API +\[https:\/\/connect\.clickatell\.com\]/,
    );
  },
);

/** What the relay answers on a raw connection to `url` that sends `text` (nothing if it drops it). */
function raw(url: string, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1', () => socket.write(text));
    let data = '';
    socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' ? resolve(data) : reject(error),
    );
    socket.on('close', () => resolve(data));
  });
}

test(
  'relay cuts off a stalled body with 408 and closes connections past the per-IP cap',
  { timeout: 60_000 },
  async () => {
    const relay = start([
      '--emulator',
      '--port',
      '0',
      '--headers-timeout-ms',
      '300',
      '--request-timeout-ms',
      '600',
      '--max-connections-per-ip',
      '2',
    ]);
    const url = await relay.url;
    try {
      const stalled = await raw(
        url,
        'POST /connect HTTP/1.1\r\nHost: 127.0.0.1\r\nX-CT-Connect: 1\r\nContent-Length: 50\r\n\r\n{"a',
      );
      assert.match(stalled, /^HTTP\/1\.1 408/);
      const held = await Promise.all(
        [0, 1].map(
          () =>
            new Promise<Socket>((resolve) => {
              const socket = connect(Number(new URL(url).port), '127.0.0.1', () => resolve(socket));
            }),
        ),
      );
      try {
        assert.equal(await raw(url, 'GET /connect/session HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'), '');
      } finally {
        for (const socket of held) socket.destroy();
      }
    } finally {
      relay.child.kill('SIGTERM');
      await relay.exited;
    }
  },
);

test(
  'relay refuses timeouts, caps and modes it cannot use, saying which flag',
  { timeout: 60_000 },
  async () => {
    for (const [flag, value, message] of [
      ['--request-timeout-ms', '0', '--request-timeout-ms "0" is not a positive number.'],
      ['--max-connections-per-ip', '1.5', '--max-connections-per-ip "1.5" is not a whole number.'],
      ['--log-client-ip', 'some', '--log-client-ip takes off, truncated or full, not "some".'],
      ['--trust-proxy-hops', '0', '--trust-proxy-hops "0" is not a number of proxies.'],
      ['--redis', 'http://user:pw@127.0.0.1:6379', '--redis takes a URL such as redis://127.0.0.1:6379.'],
    ] as const) {
      const relay = start(['--emulator', '--port', '0', flag, value]);
      relay.url.catch(() => {});
      assert.equal(await relay.exited, 1, value);
      const { stderr } = relay.output();
      assert.equal(stderr, `ct-connect relay: ${message}\n`);
    }
  },
);
