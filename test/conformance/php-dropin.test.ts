/**
 * The drop-in install as a site owner does it: index.php reading config.php (here named
 * through CT_CONNECT_CONFIG), and config.sample.php copied unchanged, which must not run
 * with a guessable secret.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEmulator } from '../../src/emulator/index.ts';
import { serveLazy, SECRET, TOKEN } from '../relay/helpers.ts';
import { phpAvailable, startPhpRelay } from './php-relay.ts';

const skip = phpAvailable() ? false : 'php with curl, dom and sodium is not installed';
const dir = mkdtempSync(join(tmpdir(), 'ct-php-dropin-'));
const open: { close(): Promise<void> }[] = [];
after(async () => {
  for (const server of open.reverse()) await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const call = (url: string, action: string) =>
  fetch(`${url}/connect`, {
    method: 'POST',
    headers: { 'x-ct-connect': '1', 'content-type': 'application/json' },
    body: JSON.stringify({ action }),
  });

test('a config.php next to index.php configures the relay', { skip }, async () => {
  const emulator = await serveLazy((origin) => createEmulator({ tokens: [TOKEN], origin }));
  open.push(emulator);
  const file = join(dir, 'config.php');
  writeFileSync(
    file,
    `<?php\nreturn ['token' => '${TOKEN}', 'session_secret' => '${SECRET}', 'upstream' => '${emulator.url}'];\n`,
  );
  const relay = await startPhpRelay({}, file);
  open.push(relay);
  const session = await fetch(`${relay.url}/connect/session`, { headers: { 'x-ct-connect': '1' } });
  assert.deepEqual(await session.json(), { user: null });
  const answer = await call(relay.url, 'get_list_account');
  assert.equal(answer.status, 200);
  assert.equal(((await answer.json()) as { ok: boolean }).ok, true);
});

test(
  'config.sample.php copied unchanged answers 500 "not configured", and the log says why',
  { skip },
  async () => {
    const sample = fileURLToPath(new URL('../../php/relay/config.sample.php', import.meta.url));
    const file = join(dir, 'config-from-sample.php');
    writeFileSync(file, readFileSync(sample, 'utf8'));
    const relay = await startPhpRelay({}, file);
    open.push(relay);
    const answer = await call(relay.url, 'get_list_account');
    assert.equal(answer.status, 500);
    assert.equal(answer.headers.get('cache-control'), 'no-store');
    const body = (await answer.json()) as { errors: { code: string; message: string }[] };
    assert.deepEqual(body.errors, [{ code: 'internal', message: 'The relay is not configured.' }]);
    assert.match(relay.stderr(), /session_secret must be at least 32 characters/);
  },
);
