/**
 * `ct-connect relay`: started as a user starts it, answering a call, stopping on SIGTERM.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

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
