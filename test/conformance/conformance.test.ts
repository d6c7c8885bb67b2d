/**
 * The conformance suite (`ct-connect conformance`) against both relays, each in front of
 * the emulator on loopback: the Node relay (src/relay) and the PHP relay (php/relay) under
 * PHP's built-in server. Each gets two more instances, in front of an upstream where nothing
 * listens and one that never answers, for the upstream checks; every check must pass.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createEmulator } from '../../src/emulator/index.ts';
import { runConformance, type CheckResult } from '../../src/conformance/suite.ts';
import { listenWith, relayOver, serveLazy, SECRET, TOKEN, type Served } from '../relay/helpers.ts';
import { phpAvailable, startPhpRelay } from './php-relay.ts';

const ALLOWED = 'https://allowed.example';
const GUARD = { timeout: 120_000 };

/** A port where nothing listens. */
async function closedPort(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

function failures(results: readonly CheckResult[]): string[] {
  return results.filter((r) => r.outcome !== 'pass').map((r) => `${r.outcome} ${r.name}: ${r.detail ?? ''}`);
}

const open: { close(): Promise<void> }[] = [];
let silent: Served;
let down: string;

/** A fresh emulator for each relay: the suite's last checks leave lock-outs behind. */
async function emulator(): Promise<string> {
  const served = await serveLazy((origin) => createEmulator({ tokens: [TOKEN], origin }));
  open.push(served);
  return served.url;
}

before(async () => {
  silent = await listenWith(() => {});
  open.push(silent);
  down = await closedPort();
});
after(async () => {
  for (const server of open.reverse()) await server.close();
});

describe('conformance suite', () => {
  test('the Node relay passes every check', GUARD, async () => {
    const emulatorUrl = await emulator();
    const relay = await relayOver(emulatorUrl, {
      devOrigins: [emulatorUrl],
      allowOrigins: [ALLOWED],
      log: () => {},
    });
    const downRelay = await relayOver(down, { log: () => {} });
    const slowRelay = await relayOver(silent.url, { timeoutMs: 300, log: () => {} });
    open.push(relay, downRelay, slowRelay);
    const results = await runConformance({
      relay: `${relay.url}/connect`,
      admin: emulatorUrl,
      origin: ALLOWED,
      downRelay: `${downRelay.url}/connect`,
      slowRelay: `${slowRelay.url}/connect`,
      token: TOKEN,
    });
    assert.deepEqual(failures(results), []);
  });

  for (const store of ['apcu', 'files'] as const)
    test(
      `the PHP relay passes every check, its state in ${store === 'apcu' ? 'APCu' : 'files'}`,
      {
        ...GUARD,
        skip: phpAvailable(...(store === 'apcu' ? ['apcu'] : []))
          ? false
          : `php with curl, dom, sodium${store === 'apcu' ? ' and APCu' : ''} is not installed`,
      },
      async () => {
        const emulatorUrl = await emulator();
        const common = { token: TOKEN, session_secret: SECRET, store };
        const relay = await startPhpRelay({
          ...common,
          upstream: emulatorUrl,
          dev_origins: emulatorUrl,
          allow_origins: ALLOWED,
        });
        const downRelay = await startPhpRelay({ ...common, upstream: down });
        const slowRelay = await startPhpRelay({ ...common, upstream: silent.url, timeout_ms: '300' });
        open.push(relay, downRelay, slowRelay);
        const results = await runConformance({
          relay: `${relay.url}/connect`,
          admin: emulatorUrl,
          origin: ALLOWED,
          downRelay: `${downRelay.url}/connect`,
          slowRelay: `${slowRelay.url}/connect`,
          token: TOKEN,
        });
        assert.deepEqual(failures(results), []);
        assert.ok(!relay.lines.some((line) => line.includes(TOKEN)), 'the PHP relay logged the token');
      },
    );
});
