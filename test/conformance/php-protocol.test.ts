/**
 * The PHP relay's copy of the Connect API's data is generated from src/protocol: this test
 * fails when php/relay/src/generated/protocol.php is stale (run `npm run php-protocol`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../../scripts/php-protocol.js', import.meta.url));
const target = fileURLToPath(new URL('../../php/relay/src/generated/protocol.php', import.meta.url));

function check(file = target): { status: number | null; stderr: string } {
  return spawnSync(process.execPath, [script, '--check', file], { encoding: 'utf8' });
}

test('php/relay/src/generated/protocol.php is what scripts/php-protocol.js makes of src/protocol', () => {
  const result = check();
  assert.equal(result.status, 0, result.stderr);
});

test('the freshness check fails on a stale copy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ct-php-protocol-'));
  try {
    const stale = join(dir, 'protocol.php');
    writeFileSync(stale, readFileSync(target, 'utf8').replace("'too_long'", "'too_long_renamed'"));
    const result = check(stale);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /stale/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
