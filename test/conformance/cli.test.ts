/**
 * `ct-connect conformance` as a person runs it: one line per check, a summary, and the exit
 * code; against a relay that passes (the PHP relay) and one that cannot (nothing listens).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createEmulator } from '../../src/emulator/index.ts';
import { serveLazy, SECRET, TOKEN } from '../relay/helpers.ts';
import { phpAvailable, startPhpRelay } from './php-relay.ts';

const BIN = fileURLToPath(new URL('../../bin/ct-connect.js', import.meta.url));
const open: { close(): Promise<void> }[] = [];
after(async () => {
  for (const server of open.reverse()) await server.close();
});

function ctConnect(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('--help prints the usage and exits 0; no --relay exits 1 and says so', async () => {
  const help = await ctConnect(['conformance', '--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /--relay <url>/);
  const missing = await ctConnect(['conformance']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /--relay is required/);
});

test(
  'a relay nobody answers at fails its checks: one line each, the summary, exit 1',
  { timeout: 120_000 },
  async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const run = await ctConnect(['conformance', '--relay', `http://127.0.0.1:${port}/connect`]);
    assert.equal(run.code, 1, run.stderr);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines.at(-1)!, /^0 passed, \d+ failed, \d+ skipped$/);
    assert.ok(
      lines.slice(0, -1).every((line) => /^(pass|FAIL|skip) {2}\S/.test(line)),
      run.stdout,
    );
  },
);

test(
  'the PHP relay passes: every check a line, "N passed, 0 failed", exit 0',
  { timeout: 120_000, skip: phpAvailable() ? false : 'php with curl, dom and sodium is not installed' },
  async () => {
    const emulator = await serveLazy((origin) => createEmulator({ tokens: [TOKEN], origin }));
    open.push(emulator);
    const relay = await startPhpRelay({
      token: TOKEN,
      session_secret: SECRET,
      upstream: emulator.url,
      dev_origins: emulator.url,
    });
    open.push(relay);
    const run = await ctConnect([
      'conformance',
      '--relay',
      `${relay.url}/connect`,
      '--admin',
      emulator.url,
      '--token',
      TOKEN,
    ]);
    assert.equal(run.code, 0, run.stdout);
    const lines = run.stdout.trim().split('\n');
    assert.match(lines.at(-1)!, /^\d+ passed, 0 failed, 3 skipped$/);
    assert.ok(lines.some((line) => line === 'pass  call buy_credits_url'));
    assert.ok(!run.stdout.includes(TOKEN), 'the output shows the token');
  },
);
