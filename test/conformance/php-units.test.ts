/**
 * The PHP relay with plain Request objects (test/conformance/php/relay-units.php): options,
 * Host checks, cookie names, the idle timeout, revocation, caps, limits in the file store,
 * proxies and origins. Each of the script's checks is a test here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { phpAvailable } from './php-relay.ts';

const script = fileURLToPath(new URL('./php/relay-units.php', import.meta.url));
const available = phpAvailable();
const run = available
  ? spawnSync('php', ['-d', 'apc.enable_cli=1', script], { encoding: 'utf8', timeout: 60_000 })
  : undefined;
const lines = (run?.stdout ?? '').split('\n').filter((line) => /^(not )?ok - /.test(line));

test('the PHP unit checks ran to the end', { skip: available ? false : 'php is not installed' }, () => {
  assert.equal(run!.status, lines.some((l) => l.startsWith('not ok')) ? 1 : 0, run!.stderr);
  assert.equal(run!.stderr, '');
  assert.ok(lines.length >= 12, `only ${lines.length} checks ran:\n${run!.stdout}`);
});

for (const line of lines) {
  const name = line.replace(/^(not )?ok - /, '').replace(/ # .*$/s, '');
  test(`PHP relay: ${name}`, () => {
    assert.ok(line.startsWith('ok - '), line);
  });
}
